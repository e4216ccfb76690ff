import { AppError, isAppError } from '../errors';
import { isBase64 } from '../codec/base64';
import type { CloudField, CloudInput, KeepaliveLimits } from './types';

/** The varying parts of a refusal, for a UI that says it in another language (what, value, min, max …). */
type ProblemParams = Record<string, string | number>;

/**
 * A refused form field. `message` is the English sentence (the CLI and the API show it); `key` (under the UI's
 * cloud:fieldProblem) and `params` let the UI say the same in its language.
 */
export interface FieldProblem {
  field: string;
  message: string;
  key?: string;
  params?: ProblemParams;
}

const invalid = (field: string, message: string, key?: string, params?: ProblemParams): AppError =>
  new AppError('INVALID_CREDENTIALS', message, { ...params, field, ...(key ? { messageKey: key } : {}) });

/** The problem an INVALID_CREDENTIALS error stands for (its detail holds field, messageKey and the params). */
const problemFromDetail = (message: string, detail: Record<string, unknown> | undefined): FieldProblem => {
  const { field, messageKey, ...rest } = detail ?? {};
  const params: ProblemParams = {};
  for (const [name, value] of Object.entries(rest))
    if (typeof value === 'string' || typeof value === 'number') params[name] = value;
  return {
    field: typeof field === 'string' ? field : '',
    message,
    ...(typeof messageKey === 'string' ? { key: messageKey, params } : {}),
  };
};

/** Set while `collectFieldProblems` runs: refusals are recorded here instead of thrown. */
let collecting: FieldProblem[] | undefined;

/** Refuses `field`: throws AppError('INVALID_CREDENTIALS'), or records it while `collectFieldProblems` runs. */
export const reject = (field: string, message: string, key?: string, params?: ProblemParams): void => {
  if (!collecting) throw invalid(field, message, key, params);
  if (!collecting.some((p) => p.field === field))
    collecting.push({ field, message, ...(key ? { key, params: params ?? {} } : {}) });
};

/**
 * Every problem of a form at once (one per field, in form order), so a form can show them all: runs a cloud's
 * compute with refusals recorded and the refused values replaced by harmless ones. Empty when the form is valid.
 */
export const collectFieldProblems = (compute: () => unknown): FieldProblem[] => {
  const outer = collecting;
  const problems: FieldProblem[] = [];
  collecting = problems;
  try {
    compute();
  } catch (e) {
    // A refused value replaced by a harmless one may still break the computation after it; that is expected.
    if (isAppError(e) && e.code === 'INVALID_CREDENTIALS') problems.push(problemFromDetail(e.message, e.detail));
    else if (problems.length === 0) throw e;
  } finally {
    collecting = outer;
  }
  return problems;
};

/** The trimmed value, or undefined when empty. */
export const optional = (input: CloudInput, field: string): string | undefined => {
  const v = input[field]?.trim();
  return v ? v : undefined;
};

export const required = (input: CloudInput, field: string, what: string): string => {
  const v = optional(input, field);
  if (v !== undefined) return v;
  reject(field, `${what} is required: copy it from the cloud console.`, 'required', { what });
  return '';
};

/** `key` names the message under cloud:fieldProblem (e.g. 'aliyun.productKey'). */
export const matching = (value: string, field: string, pattern: RegExp, message: string, key?: string): string => {
  if (!pattern.test(value)) reject(field, message, key, {});
  return value;
};

export const oneOf = <T extends string>(
  input: CloudInput,
  field: string,
  allowed: readonly T[],
  fallback: T,
  what: string,
): T => {
  const v = optional(input, field);
  if (v === undefined) return fallback;
  if ((allowed as readonly string[]).includes(v)) return v as T;
  reject(field, `${what} must be one of ${allowed.join(', ')} (got "${v}").`, 'oneOf', {
    what,
    allowed: allowed.join(', '),
    value: v,
  });
  return fallback;
};

export const base64Field = (input: CloudInput, field: string, what: string): string => {
  const v = required(input, field, what);
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(v) && isBase64(v)) return v;
  if (v)
    reject(field, `${what} must be base64 (letters, digits, + / and = padding), as the console shows it.`, 'base64', {
      what,
    });
  return 'AAAA';
};

export const integerField = (
  input: CloudInput,
  field: string,
  what: string,
  range?: { min?: number; max?: number },
): number | undefined => {
  const v = optional(input, field);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v)) reject(field, `${what} must be a whole number (got "${v}").`, 'integer', { what, value: v });
  else if (range?.min !== undefined && n < range.min)
    reject(field, `${what} must be at least ${range.min}.`, 'atLeast', { what, min: range.min });
  else if (range?.max !== undefined && n > range.max)
    reject(field, `${what} must be at most ${range.max}.`, 'atMost', { what, max: range.max });
  else return n;
  return undefined;
};

/** Keepalive from the form, checked against the cloud's limits. */
export const keepaliveField = (input: CloudInput, limits: { min: number; max: number }, cloudName: string): void => {
  const v = optional(input, 'keepalive');
  if (v === undefined) return;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < limits.min || n > limits.max)
    reject('keepalive', `keepalive must be ${limits.min}–${limits.max} s for ${cloudName} (got "${v}").`, 'keepalive', {
      min: limits.min,
      max: limits.max,
      cloud: cloudName,
      value: v,
    });
};

/** The keepalive field of a cloud's form, defaulting to the cloud's recommended value. */
export const keepaliveFieldSpec = (limits: KeepaliveLimits): CloudField => ({
  id: 'keepalive',
  label: 'Keepalive (s)',
  labelZh: '心跳 keepalive（秒）',
  kind: 'number',
  required: false,
  default: String(limits.recommended),
});

/** Why an emulated cloud refuses a CONNECT's keepalive, or undefined when it is within the cloud's range. */
export const keepaliveOutOfRange = (keepalive: number, limits: { min: number; max: number }): string | undefined =>
  keepalive < limits.min || keepalive > limits.max
    ? `keepalive ${keepalive} s is outside ${limits.min}–${limits.max} s`
    : undefined;
