/**
 * The wasm port grows its GC heap on demand (MICROPY_GC_SPLIT_HEAP_AUTO) by up to gc_get_max_new_split() bytes at a
 * time, a constant 128 MiB, so `bytearray(8_000_000)` succeeds where a module with a 512 KiB heap raises
 * MemoryError. This rewrites that function's constant to the module's heap size. The heap may still grow in
 * module-sized steps: the wasm port never collects garbage while Python code runs, only between top-level calls,
 * so a fixed heap would fail long loops a real module (which collects on demand) runs fine.
 */
// func body: size 8, no locals, i32.const 134217728 (LEB 80 80 80 c0 00), end
const MAX_NEW_SPLIT_BODY = [0x08, 0x00, 0x41, 0x80, 0x80, 0x80, 0xc0, 0x00, 0x0b];

const find = (haystack: Uint8Array, needle: number[], from: number): number => {
  outer: for (let i = from; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
};

/** Five-byte (padded) LEB128 of a non-negative i32, so the function body keeps its size. */
const paddedLeb = (value: number): number[] => {
  const out: number[] = [];
  let rest = value >>> 0;
  for (let i = 0; i < 5; i++) {
    out.push((rest & 0x7f) | (i < 4 ? 0x80 : 0));
    rest >>>= 7;
  }
  return out;
};

export const limitHeapGrowth = (binary: Uint8Array, maxSplit: number): Uint8Array => {
  const at = find(binary, MAX_NEW_SPLIT_BODY, 0);
  if (at < 0 || find(binary, MAX_NEW_SPLIT_BODY, at + 1) >= 0)
    throw new Error('could not locate gc_get_max_new_split in the MicroPython wasm binary');
  const out = binary.slice();
  out.set(paddedLeb(maxSplit), at + 3);
  return out;
};
