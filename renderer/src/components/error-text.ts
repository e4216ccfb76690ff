import type { ApiError } from '../../../shared/result';
import { i18next } from '../i18n';

/**
 * What an error says in the UI's language. The backend's messages are English and the most specific, so English
 * shows them as they are; other languages show the text for the error's code, filled from its detail (path,
 * holder…), and keep the original for a "details" view. Returns whether a translation was used.
 */
export const errorText = (
  error: ApiError,
  language: string = i18next.language,
): { text: string; translated: boolean } => {
  const problem = fieldProblemText(error, language) ?? keyedSentence(error, language, 'common', 'errors.byKey');
  if (problem !== undefined) return { text: problem, translated: problem !== error.message };
  const key = `errors.byCode.${error.code}`;
  if (language.startsWith('en') || !i18next.exists(key, { ns: 'common', lng: language })) {
    return { text: error.message, translated: false };
  }
  const params: Record<string, unknown> = { path: '', holder: '', ...(error.detail ?? {}) };
  const text = i18next
    .t(key, { ...params, ns: 'common', lng: language })
    .replace(/ {2,}/g, ' ')
    .replace(/ ([，。：；！？）])/g, '$1')
    .trim();
  return { text, translated: text !== error.message };
};

/** The sentence `<prefix>.<messageKey>` of `ns` in the UI's language, filled from the detail; undefined without one. */
const keyedSentence = (
  error: ApiError,
  language: string,
  ns: 'cloud' | 'common',
  prefix: string,
  extra: Record<string, unknown> = {},
): string | undefined => {
  const messageKey = error.detail?.messageKey;
  if (typeof messageKey !== 'string' || language.startsWith('en')) return;
  const key = `${prefix}.${messageKey}`;
  if (!i18next.exists(key, { ns, lng: language })) return;
  return i18next.t(key, { ...error.detail, ...extra, ns, lng: language });
};

/** A refused cloud field (INVALID_CREDENTIALS with a message key) in the UI's language; undefined otherwise. */
const fieldProblemText = (error: ApiError, language: string): string | undefined => {
  if (error.code !== 'INVALID_CREDENTIALS') return;
  const { what, field } = error.detail ?? {};
  const label = typeof what === 'string' ? what : typeof field === 'string' ? field : '';
  return keyedSentence(error, language, 'cloud', 'fieldProblem', { label });
};
