import { contract, isCallName, type CallName, type CallResponse } from '../../shared/contract';
import { isAppError } from '../../shared/errors';
import { fail, ok, type Result } from '../../shared/result';
import type { CallContext, Handlers } from './types';

export type Dispatch = (name: unknown, request: unknown, context: CallContext) => Promise<Result<unknown>>;

interface DispatchOptions {
  /** Called with unexpected (non-AppError) failures; must not log request bodies (they may hold secrets). */
  onInternalError?: (name: string, error: unknown) => void;
}

const describeIssues = (issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string =>
  issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');

/**
 * The single entry point every front door (Electron IPC, browser-mode WebSocket) goes through:
 * it checks the call name, validates the request with the call's zod schema, runs the handler and
 * turns every outcome into a result object. Nothing thrown ever crosses to the caller.
 */
export const createDispatch = (handlers: Handlers, options: DispatchOptions = {}): Dispatch => {
  return async (name, request, context) => {
    if (!isCallName(name)) {
      return fail('UNKNOWN_CALL', `Unknown call ${JSON.stringify(String(name)).slice(0, 80)}.`);
    }
    const parsed = contract[name].request.safeParse(request ?? {});
    if (!parsed.success) {
      return fail('BAD_REQUEST', `Invalid request for ${name}: ${describeIssues(parsed.error.issues)}`);
    }
    try {
      const handler = handlers[name] as (req: unknown, ctx: CallContext) => Promise<unknown> | unknown;
      const value = await handler(parsed.data, context);
      return ok(value as CallResponse<CallName>);
    } catch (error) {
      if (isAppError(error)) return fail(error.code, error.message, error.detail);
      options.onInternalError?.(name, error);
      const message = error instanceof Error ? error.message : String(error);
      return fail('INTERNAL', `${name} failed unexpectedly: ${message}`);
    }
  };
};
