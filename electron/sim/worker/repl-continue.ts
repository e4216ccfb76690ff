const COMPOUND_KEYWORDS = ['if', 'while', 'for', 'try', 'with', 'def', 'class', 'async'];
const isIdent = (c: number | undefined): boolean =>
  c !== undefined &&
  (c === 0x5f || (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || c >= 0x80);

const startsWithWord = (input: Uint8Array, word: string): boolean => {
  for (let i = 0; i < word.length; i++) if (input[i] !== word.charCodeAt(i)) return false;
  return !isIdent(input[word.length]);
};

const QUOTE = 0x27;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * py/repl.c's mp_repl_continue_with_input: whether the friendly REPL asks for another line ("... ") after `input`
 * (pyexec's line buffer at Enter) instead of compiling it. Kept byte for byte, quirks included, so the simulator
 * knows which Enter compiles the statement.
 */
export const continuesWithInput = (input: Uint8Array): boolean => {
  const end = input.indexOf(0) < 0 ? input.length : input.indexOf(0);
  if (end === 0) return false;
  const compound = input[0] === 0x40 /* @ */ || COMPOUND_KEYWORDS.some((w) => startsWithWord(input, w));
  const NONE = 0;
  const SINGLE1 = 1;
  const DOUBLE1 = 2;
  const SINGLE3 = 3;
  const DOUBLE3 = 4;
  let paren = 0;
  let bracket = 0;
  let brace = 0;
  let quote = NONE;
  const at = (i: number): number => (i < end ? (input[i] ?? 0) : 0);
  for (let i = 0; i < end; i++) {
    const c = at(i);
    if (c === QUOTE || c === DQUOTE) {
      const one = c === QUOTE ? SINGLE1 : DOUBLE1;
      const three = c === QUOTE ? SINGLE3 : DOUBLE3;
      if ((quote === NONE || quote === three) && at(i + 1) === c && at(i + 2) === c) {
        i += 2;
        quote = three - quote;
      } else if (quote === NONE || quote === one) {
        quote = one - quote;
      }
    } else if (c === BACKSLASH && (at(i + 1) === QUOTE || at(i + 1) === DQUOTE || at(i + 1) === BACKSLASH)) {
      if (quote !== NONE) i++;
    } else if (quote === NONE) {
      if (c === 0x28) paren++;
      else if (c === 0x29) paren--;
      else if (c === 0x5b) bracket++;
      else if (c === 0x5d) bracket--;
      else if (c === 0x7b) brace++;
      else if (c === 0x7d) brace--;
    }
  }
  if (quote === SINGLE3 || quote === DOUBLE3) return true;
  if ((paren > 0 || bracket > 0 || brace > 0) && quote === NONE) return true;
  const last = at(end - 1);
  if (last === BACKSLASH) return true;
  return compound && last !== 0x0a;
};
