import type { ErrorCode } from './errors';

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Optional structured detail (never secrets), e.g. a Python exception type and line. */
  detail?: Record<string, string | number | boolean | null>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = (
  code: ErrorCode,
  message: string,
  detail?: ApiError['detail'],
): { ok: false; error: ApiError } => ({
  ok: false,
  error: detail ? { code, message, detail } : { code, message },
});
