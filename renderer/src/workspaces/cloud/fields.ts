import { collectFieldProblems, type FieldProblem } from '../../../../shared/cloud/validate';
import {
  CLOUDS,
  huaweiTimestamp,
  type CloudCredentials,
  type CloudField,
  type CloudId,
} from '../../../../shared/cloud';

export type FormValues = Record<string, string>;

/** Fields holding an expiry in unix seconds: shown with a date picker next to the raw number. */
export const isExpiryField = (cloud: CloudId, field: CloudField): boolean =>
  field.kind === 'number' && (field.id === 'expiresAt' || (cloud === 'tencent' && field.id === 'expiry'));

const ONE_YEAR_S = 365 * 24 * 3600;

/** "Now" for fields that hold the current time, in the format that cloud expects. */
const NOW_FILLERS: Partial<Record<CloudId, Record<string, (nowMs: number) => string>>> = {
  huawei: { timestamp: (nowMs) => huaweiTimestamp(nowMs) },
  aliyun: { timestamp: (nowMs) => String(nowMs) },
};

export const nowFiller = (cloud: CloudId, fieldId: string): ((nowMs: number) => string) | undefined =>
  NOW_FILLERS[cloud]?.[fieldId];

/** The form as it first appears: the console defaults, the current time where the cloud wants it, expiry in a year. */
export const initialValues = (cloud: CloudId, nowMs: number): FormValues => {
  const values: FormValues = {};
  for (const field of CLOUDS[cloud].fields) {
    const filler = nowFiller(cloud, field.id);
    if (field.default !== undefined) values[field.id] = field.default;
    else if (cloud === 'huawei' && filler) values[field.id] = filler(nowMs);
    else if (isExpiryField(cloud, field))
      values[field.id] = String(Math.floor(nowMs / 1000 / 3600) * 3600 + ONE_YEAR_S);
    else values[field.id] = '';
  }
  return values;
};

export type { FieldProblem };

/**
 * Runs the cloud's own validation (the pure compute from shared/cloud) and reports every problem, one per field,
 * naming the field, so the form can show them all inline and refuse to compute. Empty when the form is valid.
 */
const validateForm = (cloud: CloudId, values: FormValues, nowMs: number): FieldProblem[] =>
  collectFieldProblems(() => CLOUDS[cloud].compute(values, nowMs));

export type FormOutcome = { ok: true; credentials: CloudCredentials } | { ok: false; problems: FieldProblem[] };

/**
 * Validates and computes the form with the cloud's own algorithm (pure, so it runs here: secrets never leave
 * the page for this). An expiry in the past is not a problem: the credentials are computed and shown as expired.
 */
export const computeForm = (cloud: CloudId, values: FormValues, nowMs: number): FormOutcome => {
  const problems = validateForm(cloud, values, nowMs);
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, credentials: CLOUDS[cloud].compute(values, nowMs) };
};

/** Unix seconds → the value of an <input type="datetime-local"> in local time (to the second). */
export const secondsToLocalInput = (seconds: number): string => {
  const d = new Date(seconds * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
};

/** The value of an <input type="datetime-local"> (local time) → unix seconds; undefined when empty or invalid. */
export const localInputToSeconds = (value: string): number | undefined => {
  if (!value) return undefined;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
};
