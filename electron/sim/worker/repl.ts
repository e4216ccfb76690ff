import { CTRL_A, CTRL_B, CTRL_C, CTRL_D, CTRL_E } from '../../../shared/device/repl-keys';
import type { RawPasteSupport } from '../types';
import type { Input } from './input';
import type { MicroPythonApi } from './micropython-instance';
import type { Output } from './output';
import { continuesWithInput } from './repl-continue';
import { ReplLine } from './repl-line';
import type { WasmMemory } from './wasm-api';

const CR = 0x0d;
/** Typed to grow pyexec's line buffer before a longer statement replaces it (any printable byte but a space). */
const FILLER = 0x78;
/** pyexec.c's PYEXEC_FORCED_EXIT flag in the value mp_js_repl_process_char returns. */
const PYEXEC_FORCED_EXIT = 0x100;

type ReplMode = 'friendly' | 'raw';

interface ReplSettings {
  rawPaste: RawPasteSupport;
  rawPasteWindow: number;
  /** Banner lines (with \r\n) this module prints instead of the upstream interpreter's. */
  banner: string;
  /** What the interpreter compiles instead of typed or sent code (threads, legacy syntax); undefined: unchanged. */
  rewrite: (code: number[]) => number[] | undefined;
}

/**
 * Wraps MicroPython's own event-driven pyexec REPL (friendly and raw modes, readline, paste mode, tracebacks)
 * and adds what the wasm build lacks or does differently: the module's banner, raw-paste with a configurable
 * window, and the soft reboot a forced exit asks for.
 */
export class Repl {
  mode: ReplMode = 'friendly';
  private rawLine: number[] = [];
  /** The friendly REPL is in paste mode (Ctrl-E). */
  private paste = false;
  private line: ReplLine | undefined;
  /** The banner the upstream interpreter prints; replaced by ours. */
  private upstreamBanner = '';

  constructor(
    private mp: MicroPythonApi,
    private readonly input: Input,
    private readonly output: Output,
    private readonly settings: ReplSettings,
  ) {}

  /** Starts MicroPython's REPL silently in `mode`; remembers the upstream banner to rewrite it later. */
  attach(mp: MicroPythonApi, memory: WasmMemory, mode: ReplMode): void {
    this.mp = mp;
    this.output.startCapture();
    mp.replInit();
    const text = new TextDecoder('latin1').decode(this.output.endCapture());
    this.upstreamBanner = text.replace(/^\r\n/, '').replace(/>>> $/, '');
    this.output.startCapture();
    this.line = ReplLine.locate(memory, (b) => this.process(b));
    this.process(CTRL_C);
    this.output.endCapture();
    if (!this.line) throw new Error("could not locate the friendly REPL's line buffer");
    this.mode = mode;
    this.rawLine = [];
    this.paste = false;
    if (mode === 'raw') {
      this.output.startCapture();
      mp.replProcessChar(CTRL_A);
      this.output.endCapture();
    }
  }

  printBanner(): void {
    this.output.write(this.settings.banner);
  }

  /** Feeds one received byte. Returns true when the module must soft-reboot. */
  feed(b: number): boolean {
    return this.mode === 'raw' ? this.feedRaw(b) : this.feedFriendly(b);
  }

  private process(b: number): number {
    return this.mp.replProcessChar(b);
  }

  private processRewritingBanner(b: number): number {
    this.output.startCapture();
    const ret = this.process(b);
    const text = new TextDecoder('latin1').decode(this.output.endCapture());
    const rewritten = this.upstreamBanner ? text.replace(this.upstreamBanner, this.settings.banner) : text;
    this.output.write(Uint8Array.from(rewritten, (c) => c.charCodeAt(0)));
    return ret;
  }

  private feedFriendly(b: number): boolean {
    if (b === CTRL_B) {
      this.processRewritingBanner(b);
      return false;
    }
    if (this.paste) return this.feedPaste(b);
    if (b === CR) {
      const ret = this.compileRewritten();
      if (ret !== undefined) return (ret & PYEXEC_FORCED_EXIT) !== 0;
    }
    if (b === CTRL_E) {
      this.output.startCapture();
      const ret = this.process(b);
      const bytes = this.output.endCapture();
      this.output.write(bytes);
      this.paste = new TextDecoder('latin1').decode(bytes).includes('paste mode; Ctrl-C to cancel');
      return (ret & PYEXEC_FORCED_EXIT) !== 0;
    }
    if (b === CTRL_A) {
      this.output.startCapture();
      const ret = this.process(b);
      const bytes = this.output.endCapture();
      this.output.write(bytes);
      if (new TextDecoder('latin1').decode(bytes).includes('raw REPL; CTRL-B to exit\r\n')) {
        this.mode = 'raw';
        this.rawLine = [];
      }
      return (ret & PYEXEC_FORCED_EXIT) !== 0;
    }
    const ret = this.process(b);
    return (ret & PYEXEC_FORCED_EXIT) !== 0;
  }

  /**
   * Enter that completes a statement whose rewrite differs: the statement is replaced in pyexec's line buffer and
   * compiled as a finished continued statement (Ctrl-D), which records no history entry of the rewritten text.
   * Returns pyexec's result, or undefined when Enter goes to the interpreter as is.
   */
  private compileRewritten(): number | undefined {
    const line = this.line;
    if (!line || line.inEscape()) return undefined;
    const text = line.text();
    if (text.length === 0 || continuesWithInput(text)) return undefined;
    const rewritten = this.settings.rewrite([...text]);
    if (!rewritten) return undefined;
    const continued = text.includes(0x0a);
    this.growLine(line, rewritten.length);
    line.replace(Uint8Array.from(rewritten));
    if (!continued) return this.process(CR); // one line: pyexec's first-line branch compiles on Enter
    this.output.write('\r\n'); // readline's echo of Enter
    return this.process(CTRL_D);
  }

  /** Types filler (echo discarded) until pyexec's buffer can hold `length` bytes and its terminator. */
  private growLine(line: ReplLine, length: number): void {
    this.output.startCapture();
    while (line.capacity() <= length) this.process(FILLER);
    this.output.endCapture();
  }

  /** Paste mode: what Ctrl-D compiles is rewritten like raw-REPL code. */
  private feedPaste(b: number): boolean {
    if (b === CTRL_C) this.paste = false;
    if (b === CTRL_D) {
      this.paste = false;
      const line = this.line;
      const text = line ? Buffer.from(line.text()).toString('latin1').replace(/\r\n?/g, '\n') : '';
      const rewritten = this.settings.rewrite([...Buffer.from(text, 'latin1')]);
      if (line && rewritten) {
        this.growLine(line, rewritten.length);
        line.replace(Uint8Array.from(rewritten));
      }
    }
    return (this.process(b) & PYEXEC_FORCED_EXIT) !== 0;
  }

  private feedRaw(b: number): boolean {
    switch (b) {
      case CTRL_A: {
        const probe = this.rawLine.length === 2 && this.rawLine[0] === CTRL_E;
        if (probe) {
          const command = this.rawLine[1];
          this.process(CTRL_C); // clears pyexec's line silently
          this.rawLine = [];
          if (command === 0x41 /* 'A' */) return this.rawPasteCommand();
          this.output.write(new Uint8Array([0x52, 0x00])); // 'R\x00': unknown command
          this.output.write('>');
          return false;
        }
        this.rawLine = [];
        this.process(b);
        return false;
      }
      case CTRL_B:
        this.rawLine = [];
        this.mode = 'friendly';
        this.processRewritingBanner(b);
        return false;
      case CTRL_C:
        this.rawLine = [];
        this.process(b);
        return false;
      case CTRL_D: {
        const rewritten = this.settings.rewrite(this.rawLine);
        if (rewritten) {
          this.process(CTRL_C); // clears pyexec's line silently; it gets the rewritten code instead
          for (const c of rewritten) this.process(c);
        }
        this.rawLine = [];
        const ret = this.process(b);
        return (ret & PYEXEC_FORCED_EXIT) !== 0;
      }
      default:
        this.rawLine.push(b);
        this.process(b);
        return false;
    }
  }

  private rawPasteCommand(): boolean {
    if (this.settings.rawPaste === 'absent') {
      // MicroPython 1.13: \x05A were ordinary line bytes and Ctrl-A resets the raw REPL
      this.process(CTRL_A);
      return false;
    }
    if (this.settings.rawPaste === 'refuse') {
      this.output.write(new Uint8Array([0x52, 0x00]));
      return false;
    }
    const window = this.settings.rawPasteWindow;
    this.output.write(new Uint8Array([0x52, 0x01, window & 0xff, (window >> 8) & 0xff, 0x01]));
    this.output.flush();
    const code: number[] = [];
    let remain = window;
    for (;;) {
      const b = this.input.takeBlocking();
      if (b === 'interrupt') {
        this.input.clearInterrupt();
        continue;
      }
      if (b === CTRL_D) break;
      if (b === CTRL_C) {
        // mp_reader_stdin_readbyte: end marker, then KeyboardInterrupt reported like any raw-REPL exception
        this.output.write('\x04\x04KeyboardInterrupt: \r\n\x04>');
        return false;
      }
      code.push(b);
      if (--remain === 0) {
        this.output.write(new Uint8Array([0x01]));
        this.output.flush();
        remain = window;
      }
    }
    this.output.write(new Uint8Array([CTRL_D]));
    this.output.flush();
    if (code.length === 0) {
      this.output.write('\x04\x04>');
      return false;
    }
    const source = this.settings.rewrite(code) ?? code;
    for (const b of source) this.process(b);
    this.output.dropNext('OK');
    const ret = this.process(CTRL_D);
    return (ret & PYEXEC_FORCED_EXIT) !== 0;
  }
}
