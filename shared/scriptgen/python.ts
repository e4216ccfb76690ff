/**
 * A Python string literal for any text in a generated main.py; only ASCII in the output, so old firmware parses
 * it. (electron/device has its own literal for the scripts it runs on a module's REPL.)
 */
export const pythonStringLiteral = (text: string): string => {
  let out = "'";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).padStart(2, '0');
    else if (code > 0x7e && code <= 0xffff) out += '\\u' + code.toString(16).padStart(4, '0');
    else if (code > 0xffff) out += '\\U' + code.toString(16).padStart(8, '0');
    else out += ch;
  }
  return out + "'";
};

/** A Python list literal of strings, e.g. the topics a generated script subscribes to. */
export const pyList = (items: string[]): string => `[${items.map(pythonStringLiteral).join(', ')}]`;
