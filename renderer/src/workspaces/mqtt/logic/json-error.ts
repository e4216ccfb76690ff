/**
 * Where a JSON text first goes wrong, and what was expected there. JSON.parse's messages differ between
 * engines and often carry no position, so the payload editor uses this small validating scanner instead.
 */
interface JsonError {
  position: number;
  /** What the scanner expected, e.g. 'value', '"," or "}"'. */
  expected: string;
  /** The character found ('' at the end of the text). */
  found: string;
}

export const findJsonError = (text: string): JsonError | null => {
  let i = 0;
  const fail = (expected: string): never => {
    throw { position: i, expected, found: text.charAt(i) } satisfies JsonError;
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++;
  };
  const literal = (word: string) => {
    for (let k = 0; k < word.length; k++, i++) if (text.charAt(i) !== word.charAt(k)) fail(`"${word}"`);
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) fail('a closing quote (control characters must be escaped)');
      if (c === 0x5c) {
        i++;
        const e = text.charAt(i);
        if (e === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (!/[0-9a-fA-F]/.test(text.charAt(i + k))) {
              i += k;
              fail('4 hex digits after \\u');
            }
          }
          i += 5;
          continue;
        }
        if (!'"\\/bfnrt'.includes(e) || e === '') fail('an escape such as \\n or \\"');
      }
      i++;
    }
    fail('a closing quote');
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') fail('a number');
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text.charAt(i);
    if (c === '{') {
      i++;
      ws();
      if (text.charAt(i) === '}') return void i++;
      for (;;) {
        ws();
        if (text.charAt(i) !== '"') fail('a property name in double quotes');
        string();
        ws();
        if (text.charAt(i) !== ':') fail('":"');
        i++;
        value();
        ws();
        if (text.charAt(i) === ',') {
          i++;
          continue;
        }
        if (text.charAt(i) === '}') return void i++;
        fail('"," or "}"');
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text.charAt(i) === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text.charAt(i) === ',') {
          i++;
          continue;
        }
        if (text.charAt(i) === ']') return void i++;
        fail('"," or "]"');
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    fail('a value');
  };
  try {
    value();
    ws();
    if (i < text.length) fail('the end of the text');
    return null;
  } catch (e) {
    if (e && typeof e === 'object' && 'position' in e) return e as JsonError;
    throw e;
  }
};
