import type { CloudDefinition } from '../../../../shared/cloud';
import type { FieldProblem } from '../../../../shared/cloud/validate';
import { i18next } from '../../i18n';

/**
 * A refusal of the cloud's validation in the UI's language. English shows the validation's own sentence (the one
 * the CLI prints); other languages say it from the problem's key and params, with the field's label in that
 * language. A problem without a key, or a key without a translation, keeps its English sentence.
 */
export const problemText = (
  problem: FieldProblem,
  cloud: CloudDefinition,
  language: string = i18next.language,
): string => {
  if (!problem.key || language.startsWith('en')) return problem.message;
  const key = `fieldProblem.${problem.key}`;
  if (!i18next.exists(key, { ns: 'cloud', lng: language })) return problem.message;
  const field = cloud.fields.find((f) => f.id === problem.field);
  const what = problem.params?.what;
  const label = (language.startsWith('zh') ? field?.labelZh : field?.label) ?? field?.label ?? what ?? problem.field;
  return i18next.t(key, { ...problem.params, label, ns: 'cloud', lng: language });
};
