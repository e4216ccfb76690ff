/**
 * MicroPython 1.13 has no f-strings (1.17+) or t-strings (1.27): its lexer reads `f"x"` as the name `f` followed by
 * a string, which the parser refuses with `SyntaxError: invalid syntax` on that line. The wasm interpreter (1.27)
 * accepts them, so for legacy firmware the source is rewritten to what 1.13 sees — a space between the prefix and
 * the quote — and the interpreter then raises exactly that error. Walrus (`:=`) is in 1.13 and stays valid.
 */
const isIdent = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);

/** Index of the quote of the first f/t-string literal in `src`, or -1. */
const firstFormattedString = (src: string): number => {
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? '';
    if (c === '#') {
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? src.length : nl + 1;
      continue;
    }
    if (c === '"' || c === "'") {
      let start = i;
      while (start > 0 && /[A-Za-z]/.test(src[start - 1] ?? '')) start--;
      const prefix = src.slice(start, i).toLowerCase();
      const isPrefix = prefix.length <= 2 && /^[rbuft]*$/.test(prefix) && !isIdent(src[start - 1]);
      if (isPrefix && /[ft]/.test(prefix)) return i;
      const triple = src.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      i += quote.length;
      while (i < src.length && !src.startsWith(quote, i)) {
        // a backslash keeps the next character in the string, also in raw strings
        if (src[i] === '\\') i++;
        else if (!triple && src[i] === '\n') break;
        i++;
      }
      i += quote.length;
      continue;
    }
    i++;
  }
  return -1;
};

/** The source as MicroPython 1.13 parses it, or undefined when it has nothing 1.13 lacks. */
export const asLegacySource = (src: string): string | undefined => {
  const at = firstFormattedString(src);
  return at < 0 ? undefined : `${src.slice(0, at)} ${src.slice(at)}`;
};
