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
  const problem = fieldProblemText(error, language) ?? keyedText(error, language);
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

/** A refused cloud field (INVALID_CREDENTIALS with a message key) in the UI's language; undefined otherwise. */
const fieldProblemText = (error: ApiError, language: string): string | undefined => {
  const messageKey = error.detail?.messageKey;
  if (error.code !== 'INVALID_CREDENTIALS' || typeof messageKey !== 'string' || language.startsWith('en')) return;
  const key = `fieldProblem.${messageKey}`;
  if (!i18next.exists(key, { ns: 'cloud', lng: language })) return;
  const { what, field } = error.detail ?? {};
  const label = typeof what === 'string' ? what : typeof field === 'string' ? field : '';
  return i18next.t(key, { ...error.detail, label, ns: 'cloud', lng: language });
};

/** An error whose detail names its sentence (`errors.byKey.<messageKey>`), filled from the detail; undefined otherwise. */
const keyedText = (error: ApiError, language: string): string | undefined => {
  const messageKey = error.detail?.messageKey;
  if (typeof messageKey !== 'string' || language.startsWith('en')) return;
  const key = `errors.byKey.${messageKey}`;
  if (!i18next.exists(key, { ns: 'common', lng: language })) return;
  return i18next.t(key, { ...error.detail, ns: 'common', lng: language });
};
