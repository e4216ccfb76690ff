/**
 * Repairs the JSON mistake vendors' examples make most (a comma before } or ]) and pretty-prints the result.
 * Commas inside strings are left alone. Returns null when the text is still not JSON after that.
 */
export const fixJson = (text: string): string | null => {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (inString) {
      out += c;
      if (c === '\\') out += text.charAt(++i);
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if (c === ',') {
      let j = i + 1;
      while (j < text.length && ' \t\n\r'.includes(text.charAt(j))) j++;
      const next = text.charAt(j);
      if (next === '}' || next === ']') continue;
    }
    out += c;
  }
  try {
    return JSON.stringify(JSON.parse(out), null, 2);
  } catch {
    return null;
  }
};
