import type { TFunction } from 'i18next';

/**
 * A backend sentence (English, as the CLI prints it) recognised by its pattern: the key of its translation and the
 * names of the pattern's groups, passed to the translation as parameters.
 */
export type Sentence = readonly [pattern: RegExp, key: string, params: ReadonlyArray<string>];

/** The translation of the first sentence that matches `text` (`prefix.key` in `ns`), or null when none does. */
export const translateSentence = (
  text: string,
  sentences: ReadonlyArray<Sentence>,
  t: TFunction,
  options: { ns: string; prefix: string },
): string | null => {
  for (const [pattern, key, names] of sentences) {
    const match = pattern.exec(text);
    if (!match) continue;
    const params = Object.fromEntries(names.map((name, i) => [name, match[i + 1] ?? '']));
    return t(`${options.prefix}.${key}`, { ...params, ns: options.ns });
  }
  return null;
};
