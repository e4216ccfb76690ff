/** A Python string literal for any text; only ASCII in the output, so old firmware parses it. */
export const pyStr = (text: string): string => {
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

/** A Python identifier-safe JSON key check: property names go into dict literals as strings anyway. */
export const pyList = (items: string[]): string => `[${items.map(pyStr).join(', ')}]`;
