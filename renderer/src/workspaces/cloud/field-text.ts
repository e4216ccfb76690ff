import type { TFunction } from 'i18next';
import type { CloudField, CloudId } from '../../../../shared/cloud';

/** A field's name in the UI's language (the cloud's Chinese console label in Chinese). */
export const fieldName = (field: CloudField, language: string): string =>
  language.startsWith('zh') ? field.labelZh : field.label;

/**
 * A select option's text in the UI's language: the clouds' option labels are English (the CLI shows them); the
 * cloud namespace's `options.<cloud>.<field>.<value>` gives another language's words where they differ.
 */
export const optionLabel = (
  cloud: CloudId,
  fieldId: string,
  option: { value: string; label: string },
  t: TFunction,
): string => t(`options.${cloud}.${fieldId}.${option.value}`, { ns: 'cloud', defaultValue: option.label });
