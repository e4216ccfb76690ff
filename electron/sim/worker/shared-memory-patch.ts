/**
 * Rewrites the MicroPython wasm binary so its linear memory is declared shared. The host thread can then raise
 * KeyboardInterrupt in a busy loop by writing MicroPython's pending-exception words, as a UART interrupt would.
 */
const readLeb = (bytes: Uint8Array, start: number): [value: number, next: number] => {
  let value = 0;
  let shift = 0;
  let pos = start;
  for (;;) {
    const byte = bytes[pos++];
    if (byte === undefined) throw new Error('truncated LEB128 in wasm binary');
    value |= (byte & 0x7f) << shift;
    shift += 7;
    if ((byte & 0x80) === 0) return [value >>> 0, pos];
  }
};

const leb = (value: number): number[] => {
  const out: number[] = [];
  let rest = value >>> 0;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest) byte |= 0x80;
    out.push(byte);
  } while (rest);
  return out;
};

const MEMORY_SECTION = 5;
const SHARED_WITH_MAX = 0x03;

export const makeMemoryShared = (binary: Uint8Array, maxPages = 16384): Uint8Array => {
  let pos = 8; // magic + version
  while (pos < binary.length) {
    const id = binary[pos];
    const [size, bodyStart] = readLeb(binary, pos + 1);
    const bodyEnd = bodyStart + size;
    if (id === MEMORY_SECTION) {
      const [count, limitsStart] = readLeb(binary, bodyStart);
      if (count !== 1) throw new Error(`expected one wasm memory, found ${count}`);
      const flags = binary[limitsStart] ?? 0;
      const [min, afterMin] = readLeb(binary, limitsStart + 1);
      const max = flags & 1 ? readLeb(binary, afterMin)[0] : maxPages;
      const body = [...leb(1), SHARED_WITH_MAX, ...leb(min), ...leb(Math.max(max, min))];
      const section = [MEMORY_SECTION, ...leb(body.length), ...body];
      const out = new Uint8Array(binary.length - (bodyEnd - pos) + section.length);
      out.set(binary.subarray(0, pos));
      out.set(section, pos);
      out.set(binary.subarray(bodyEnd), pos + section.length);
      return out;
    }
    pos = bodyEnd;
  }
  throw new Error('wasm binary has no memory section');
};
