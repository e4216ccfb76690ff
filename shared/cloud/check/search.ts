import type { Bilingual } from '../types';
import type { Diagnosis } from './types';

/** The inputs a signature is computed from, by name (the secret included). */
export type SignedParams = Readonly<Record<string, string>>;

/** An input worth editing one character at a time when no named variant reproduces the password. */
interface EditableInput {
  name: string;
  label: Bilingual;
  /** Characters to try in each position. */
  alphabet: string;
  /** Never echo the whole value (secrets): name the position and the character instead. */
  secret?: boolean;
}

/** A plausible mistake: these inputs instead of the pasted ones, and how to say so. */
export interface NamedVariant {
  input: string;
  params: SignedParams;
  message: Bilingual;
}

export const DIGITS = '0123456789';
export const NAME_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.@:';
export const BASE64_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';
/** Enough for one-character edits of a 64-character secret over base64, with room to spare. */
const MAX_TRIES = 40_000;

/** "the password matches if the device name is 'chic_d' instead of 'Chic_D'". */
export const insteadOf = (label: Bilingual, to: string, from: string): Bilingual => ({
  en: `the password matches if the ${label.en} is '${to}' instead of '${from}'`,
  zh: `若${label.zh}为“${to}”而不是“${from}”，密码即可匹配`,
});

const secretEdit = (label: Bilingual, position: number, to: string | undefined, from: string): Bilingual =>
  to === undefined
    ? {
        en: `the password matches a ${label.en} without its character ${position} ('${from}'): copy the ${label.en} again`,
        zh: `去掉${label.zh}的第 ${position} 个字符（“${from}”）后密码即可匹配：请重新复制${label.zh}`,
      }
    : {
        en: `the password matches a ${label.en} whose character ${position} is '${to}' instead of '${from}': copy the ${label.en} again`,
        zh: `若${label.zh}的第 ${position} 个字符为“${to}”而不是“${from}”，密码即可匹配：请重新复制${label.zh}`,
      };

/**
 * The first variant of the inputs that reproduces the password: the named ones (a different method, milliseconds
 * instead of seconds, another case, …) in order, then every one-character substitution or deletion of each editable
 * input. Undefined when none does (the secret is most likely a different one altogether).
 */
export const findVariant = (
  matches: (params: SignedParams) => boolean,
  base: SignedParams,
  named: readonly NamedVariant[],
  editable: readonly EditableInput[],
): Diagnosis | undefined => {
  for (const v of named) if (matches(v.params)) return { input: v.input, message: v.message };
  let tries = 0;
  for (const spec of editable) {
    const from = base[spec.name] ?? '';
    for (let i = 0; i < from.length; i++) {
      const candidates: Array<string | undefined> = [...spec.alphabet].filter((c) => c !== from[i]);
      candidates.push(undefined);
      for (const c of candidates) {
        if (++tries > MAX_TRIES) return undefined;
        const to = from.slice(0, i) + (c ?? '') + from.slice(i + 1);
        if (!to || !matches({ ...base, [spec.name]: to })) continue;
        return {
          input: spec.name,
          message: spec.secret ? secretEdit(spec.label, i + 1, c, from[i]!) : insteadOf(spec.label, to, from),
        };
      }
    }
  }
  return undefined;
};

/** When the expected and the pasted signature differ in one or two characters only, the paste is damaged. */
export const copyError = (expected: string, actual: string, label: Bilingual): Diagnosis | undefined => {
  if (expected.length !== actual.length || expected === actual) return undefined;
  const differ: number[] = [];
  for (let i = 0; i < expected.length; i++) if (expected[i] !== actual[i]) differ.push(i + 1);
  if (differ.length > 2) return undefined;
  const at = differ.join(', ');
  return {
    input: 'password',
    message: {
      en: `the ${label.en} differs from the one the secret gives only at character ${at}: it was copied or typed wrongly`,
      zh: `${label.zh}与按密钥计算的结果仅在第 ${at} 个字符不同：复制或输入有误`,
    },
  };
};

/** What to say when no single change reproduces the password. */
export const noVariant = (secretLabel: Bilingual, hint?: Bilingual): Diagnosis => ({
  input: 'secret',
  message: {
    en: `no single change of the fields reproduces the password: the ${secretLabel.en} is most likely not the one it was made with${hint ? ` (${hint.en})` : ''}`,
    zh: `改动任何一个字段都无法得到该密码：很可能${secretLabel.zh}不是生成它时所用的那个${hint ? `（${hint.zh}）` : ''}`,
  },
});

/** Lower-, upper- and swapped-case spellings of `value` that differ from it. */
export const caseVariants = (value: string): string[] =>
  [...new Set([value.toLowerCase(), value.toUpperCase()])].filter((v) => v !== value);
