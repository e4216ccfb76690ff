const encoder = new TextEncoder();
const LF = 0x0a;

export const formatClock = (date: Date): string =>
  `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}:${String(date.getSeconds()).padStart(2, '0')}.${String(date.getMilliseconds()).padStart(3, '0')}`;

/**
 * Prefixes every line of a byte stream with the time its first byte arrived, dimmed. Works on raw bytes (a line feed
 * never occurs inside a UTF-8 sequence), so characters split across frames stay intact; the prefix of a line is
 * written when its first byte arrives, not when the previous line ends.
 */
export const createLineStamper = (now: () => Date = () => new Date()) => {
  let atLineStart = true;
  return (chunk: Uint8Array): Uint8Array => {
    if (chunk.length === 0) return chunk;
    const parts: Uint8Array[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i += 1) {
      if (atLineStart) {
        if (i > start) parts.push(chunk.subarray(start, i));
        parts.push(encoder.encode(`\x1b[2m[${formatClock(now())}]\x1b[22m `));
        start = i;
        atLineStart = false;
      }
      if (chunk[i] === LF) atLineStart = true;
    }
    parts.push(chunk.subarray(start));
    let length = 0;
    for (const part of parts) length += part.length;
    const out = new Uint8Array(length);
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  };
};
