import type { WasmMemory } from './wasm-api';

/** What locate() types at the friendly prompt to find the line buffer; printable, and nothing else is like it. */
const MARKER = 'qpy_repl_line_probe';

/** Word offsets in shared/readline/readline.c's `rl` (wasm32: pointers and size_t are 4 bytes). */
const RL_LINE = 0;
const RL_ORIG_LINE_LEN = 1;
const RL_ESCAPE_SEQ = 2;
const RL_CURSOR_POS = 4;
/** Word offsets in py/misc.h's vstr_t. */
const VSTR_ALLOC = 0;
const VSTR_LEN = 1;
const VSTR_BUF = 2;

/**
 * The friendly REPL's statement as the interpreter holds it: pyexec's line buffer (MP_STATE_VM(repl_line), a vstr
 * readline edits in place, every line of a compound statement so far) and the readline state that points into it.
 * The wasm build has no hook between "Enter completes the statement" and "compile it", so the simulator reads the
 * statement here and, when it must compile something else (threads, legacy syntax), replaces it here.
 */
export class ReplLine {
  private constructor(
    private readonly memory: WasmMemory,
    private readonly vstr: number,
    private readonly rl: number,
  ) {}

  /**
   * Finds the buffer and readline's state by typing a marker at the friendly prompt (`feed`, its echo discarded by
   * the caller) and looking for it in memory; the caller then clears the line with Ctrl-C. Undefined if not found.
   */
  static locate(memory: WasmMemory, feed: (b: number) => void): ReplLine | undefined {
    for (const c of MARKER) feed(c.charCodeAt(0));
    const bytes = Buffer.from(memory.buffer);
    const words = new Int32Array(memory.buffer, 0, memory.buffer.byteLength >> 2);
    const find = (match: (i: number) => boolean): number | undefined => {
      for (let i = 0; i < words.length; i++) if (match(i)) return i;
      return undefined;
    };
    for (let at = bytes.indexOf(MARKER); at >= 0; at = bytes.indexOf(MARKER, at + 1)) {
      const vstr = find(
        (i) =>
          words[i + VSTR_BUF] === at &&
          words[i + VSTR_LEN] === MARKER.length &&
          (words[i + VSTR_ALLOC] ?? 0) >= MARKER.length,
      );
      if (vstr === undefined) continue;
      const rl = find(
        (i) =>
          words[i + RL_LINE] === vstr * 4 &&
          words[i + RL_ORIG_LINE_LEN] === 0 &&
          words[i + RL_ESCAPE_SEQ] === 0 &&
          words[i + RL_CURSOR_POS] === MARKER.length,
      );
      if (rl !== undefined) return new ReplLine(memory, vstr, rl);
    }
    return undefined;
  }

  private words(): Int32Array {
    return new Int32Array(this.memory.buffer);
  }

  /** The statement typed so far, current line included. */
  text(): Uint8Array {
    const w = this.words();
    const buf = w[this.vstr + VSTR_BUF] ?? 0;
    return new Uint8Array(this.memory.buffer, buf, w[this.vstr + VSTR_LEN] ?? 0).slice();
  }

  /** Bytes the buffer holds without growing. */
  capacity(): number {
    return this.words()[this.vstr + VSTR_ALLOC] ?? 0;
  }

  /** Readline is in the middle of an escape sequence (an arrow key), so Enter is part of it. */
  inEscape(): boolean {
    return (this.words()[this.rl + RL_ESCAPE_SEQ] ?? 0) !== 0;
  }

  /**
   * Puts `code` in the buffer (capacity() must exceed its length) as if it were all earlier lines: the current line
   * is empty, so Ctrl-D compiles it in a continued statement and Enter records no history.
   */
  replace(code: Uint8Array): void {
    const w = this.words();
    const buf = w[this.vstr + VSTR_BUF] ?? 0;
    new Uint8Array(this.memory.buffer, buf, code.length).set(code);
    w[this.vstr + VSTR_LEN] = code.length;
    w[this.rl + RL_ORIG_LINE_LEN] = code.length;
    w[this.rl + RL_CURSOR_POS] = code.length;
  }
}
