import type { z } from 'zod';

/** One call of the contract: a zod schema for its request and a phantom type for its response. */
export interface CallSpec<Req extends z.ZodType, Res> {
  readonly request: Req;
  /** Phantom field: never set at run time, only carries the response type. */
  readonly __response?: Res;
}

/** `call(schema).returns<Value>()` declares a call whose request is validated by `schema`. */
export const call = <Req extends z.ZodType>(request: Req) => ({
  returns: <Res>(): CallSpec<Req, Res> => ({ request }),
});
