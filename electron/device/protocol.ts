import { CTRL_A, CTRL_B, CTRL_C, CTRL_D, CTRL_E } from '../../shared/device/repl-keys';
import { ByteQueue, ByteTail, concatBytes, endsWithBytes, indexOfBytes, latin1 } from './bytes';

/**
 * The MicroPython REPL protocol as a sans-IO state machine: feed it the bytes the module sends, ask it what to
 * write, read the events it produced. It owns no timers and no port; the session does the waiting and retrying.
 * The byte sequences follow shared/runtime/pyexec.c: friendly REPL, raw REPL (Ctrl-A, code, Ctrl-D, "OK",
 * stdout, \x04, stderr, \x04, ">") and raw-paste (\x05 A \x01 → "R\x01" + window, \x01 per freed window).
 */

const RAW_PROMPT = latin1('raw REPL; CTRL-B to exit\r\n>');
/** What old firmware answers to the raw-paste probe: \x05 and 'A' go into the line, then Ctrl-A resets raw REPL. */
const RAW_PROMPT_TAIL = latin1('w REPL; CTRL-B to exit\r\n>');
const FRIENDLY_PROMPT = latin1('>>> ');
const SOFT_REBOOT = latin1('soft reboot');
const PASTE_PROBE = new Uint8Array([CTRL_E, 0x41, CTRL_A]);
/** Bytes kept while waiting for a marker through noise (e.g. a busy main.py printing). */
const WAIT_BUFFER_LIMIT = 8192;

type ReplMode =
  | 'friendly'
  | 'entering-raw'
  | 'syncing-raw'
  | 'raw'
  | 'paste-probe'
  | 'paste-fallback'
  | 'paste-send'
  | 'paste-end'
  | 'raw-send'
  | 'stdout'
  | 'stderr'
  | 'exec-prompt'
  | 'exiting-raw'
  | 'rebooting';

export type ProtocolEvent =
  /** Friendly-REPL output (or boot output after a soft reset) meant for the terminal. */
  | { type: 'terminal'; data: Uint8Array }
  /** Bytes skipped while waiting for a marker (echoes, a program's output before it was interrupted). */
  | { type: 'noise'; data: Uint8Array }
  | { type: 'raw-ready' }
  | { type: 'paste-support'; supported: boolean; window: number }
  /** The module accepted the code and started running it. */
  | { type: 'exec-started' }
  | { type: 'stdout'; data: Uint8Array }
  | { type: 'stderr'; data: Uint8Array }
  /** The end of the run: the output kept (its last `keepBytes`), and how many bytes were dropped before that. */
  | { type: 'exec-done'; stdout: Uint8Array; stderr: Uint8Array; dropped: number }
  | { type: 'friendly-ready' }
  | { type: 'soft-reboot' }
  | { type: 'protocol-error'; message: string };

interface ExecOptions {
  /** 'try' probes raw-paste and falls back; 'no' uses plain raw REPL (old firmware, or a probe that failed before). */
  rawPaste: 'try' | 'no';
  /**
   * How much of stdout and of stderr 'exec-done' carries: the last `keepBytes` of each. Everything is also
   * streamed in 'stdout'/'stderr' events, so a program that prints forever costs no memory. Default: all.
   */
  keepBytes?: number;
}

export class ReplProtocol {
  private modeValue: ReplMode = 'friendly';
  private readonly inbox = new ByteQueue();
  private readonly outbox = new ByteQueue();
  private events: ProtocolEvent[] = [];
  private code: Uint8Array = new Uint8Array(0);
  private codeOffset = 0;
  private window = 0;
  private credit = 0;
  private stdout = new ByteTail(Infinity);
  private stderr = new ByteTail(Infinity);
  private tail = new Uint8Array(0);
  private syncMarker: Uint8Array = new Uint8Array(0);
  /** Bytes of code written in plain raw mode or within the paste window, for wire accounting. */
  wireBytesOut = 0;

  get mode(): ReplMode {
    return this.modeValue;
  }

  /** True when the friendly REPL's last output was its prompt, i.e. nothing is running. */
  get atFriendlyPrompt(): boolean {
    return this.modeValue === 'friendly' && endsWithBytes(this.tail, FRIENDLY_PROMPT);
  }

  /** Bytes the module sent; returns the events they complete. */
  feed(data: Uint8Array): ProtocolEvent[] {
    if (data.length) this.inbox.push(data);
    this.step();
    const out = this.events;
    this.events = [];
    return out;
  }

  /** Bytes to write now. In raw-paste mode this respects the module's flow-control window. */
  takeOutgoing(): Uint8Array {
    if (this.modeValue === 'paste-send') this.fillPasteWindow();
    const out = this.outbox.takeAll();
    this.wireBytesOut += out.length;
    return out;
  }

  /** The user's keystrokes in the terminal, passed through untouched. */
  write(data: Uint8Array): void {
    this.outbox.push(data);
  }

  /** Ctrl-C: cancels a line, or raises KeyboardInterrupt in a running program. Does not change the mode. */
  interrupt(): void {
    // Stop feeding a raw-paste (or never start): the Ctrl-C ends it, and the module's \x04 then needs no answer.
    if (this.modeValue === 'paste-probe' || this.modeValue === 'paste-send') {
      this.codeOffset = this.code.length;
      this.pasteInterrupted = true;
    }
    this.outbox.push(new Uint8Array([CTRL_C]));
  }

  /** Ctrl-A (after Ctrl-C when `interrupt`): wait for the raw REPL prompt. Safe to call again to retry. */
  enterRaw(interrupt: boolean): void {
    this.resetWait('entering-raw');
    this.outbox.push(interrupt ? new Uint8Array([CTRL_C, CTRL_C, CTRL_A]) : new Uint8Array([CTRL_A]));
  }

  /**
   * After a raw REPL request went unanswered in time, its prompt may still come and be taken for a later one's.
   * Runs a marker print at the raw prompt and reads past everything before its output, so the next exec starts
   * in step with the module; 'raw-ready' again when the marker is back.
   */
  syncRaw(nonce: string): void {
    this.resetWait('syncing-raw');
    const half = Math.ceil(nonce.length / 2);
    // Printed from two halves so the code itself (were it echoed) never matches the marker.
    this.syncMarker = latin1(`OK${nonce}\r\n\x04\x04>`);
    this.outbox.push(latin1(`print('${nonce.slice(0, half)}'+'${nonce.slice(half)}')`));
    this.outbox.push(new Uint8Array([CTRL_D]));
  }

  /** Runs `code` at the raw REPL prompt. */
  exec(code: Uint8Array, options: ExecOptions): void {
    if (this.modeValue !== 'raw') throw new Error(`exec needs the raw REPL prompt (protocol is in ${this.modeValue})`);
    this.resetWait(options.rawPaste === 'try' ? 'paste-probe' : 'raw-send');
    this.code = code;
    this.codeOffset = 0;
    this.pasteInterrupted = false;
    const keep = options.keepBytes ?? Infinity;
    this.stdout = new ByteTail(keep);
    this.stderr = new ByteTail(keep);
    if (options.rawPaste === 'try') this.outbox.push(PASTE_PROBE);
    else this.queuePlainRaw();
  }

  /** Ctrl-B: back to the friendly REPL; 'friendly-ready' when its prompt shows. */
  exitRaw(): void {
    this.resetWait('exiting-raw');
    this.outbox.push(new Uint8Array([CTRL_B]));
  }

  /**
   * Ctrl-D at an empty friendly prompt (after Ctrl-C to clear the line): the module soft-reboots, runs main.py
   * and prints its banner. Everything it prints is passed on as terminal output.
   */
  softReset(): void {
    this.resetWait('rebooting');
    this.rebootSeen = false;
    this.outbox.push(new Uint8Array([CTRL_C, CTRL_D]));
  }

  /** Ctrl-B at a friendly prompt reprints the banner: a harmless way to learn whether the REPL is listening. */
  probeFriendly(): void {
    this.resetWait('exiting-raw');
    this.outbox.push(new Uint8Array([CTRL_B]));
  }

  /** Forget any pending operation and treat incoming bytes as terminal output. */
  toFriendly(): void {
    this.resetWait('friendly');
    this.outbox.clear();
  }

  private resetWait(mode: ReplMode): void {
    const leftover = this.inbox.takeAll();
    if (leftover.length) this.emit({ type: 'noise', data: leftover });
    this.modeValue = mode;
  }

  private emit(event: ProtocolEvent): void {
    this.events.push(event);
  }

  private queuePlainRaw(): void {
    this.outbox.push(this.code);
    this.outbox.push(new Uint8Array([CTRL_D]));
    this.codeOffset = this.code.length;
  }

  private fillPasteWindow(): void {
    if (this.credit <= 0 || this.codeOffset >= this.code.length) return;
    const end = Math.min(this.code.length, this.codeOffset + this.credit);
    this.outbox.push(this.code.subarray(this.codeOffset, end));
    this.credit -= end - this.codeOffset;
    this.codeOffset = end;
    if (this.codeOffset >= this.code.length) {
      this.outbox.push(new Uint8Array([CTRL_D]));
      this.modeValue = 'paste-end';
    }
  }

  private trackTail(data: Uint8Array): void {
    this.tail = concatBytes([this.tail, data]).slice(-8);
  }

  /** Waits for `marker`; bytes before it become noise. Returns false while the marker has not arrived. */
  private consumeThrough(marker: Uint8Array): boolean {
    const view = this.inbox.view();
    const at = indexOfBytes(view, marker);
    if (at < 0) {
      if (view.length > WAIT_BUFFER_LIMIT) {
        this.emit({ type: 'noise', data: this.inbox.take(view.length - marker.length) });
      }
      return false;
    }
    if (at > 0) this.emit({ type: 'noise', data: this.inbox.take(at) });
    this.inbox.take(marker.length);
    return true;
  }

  private step(): void {
    for (;;) {
      const before = this.inbox.length;
      const mode = this.modeValue;
      this.stepOnce();
      if (this.inbox.length === before && this.modeValue === mode) return;
      if (this.inbox.length === 0 && this.modeValue !== 'paste-send') return;
    }
  }

  private stepOnce(): void {
    switch (this.modeValue) {
      case 'friendly': {
        const data = this.inbox.takeAll();
        if (data.length) {
          this.trackTail(data);
          this.emit({ type: 'terminal', data });
          if (endsWithBytes(this.tail, FRIENDLY_PROMPT)) this.emit({ type: 'friendly-ready' });
        }
        return;
      }
      case 'rebooting': {
        const data = this.inbox.takeAll();
        if (!data.length) return;
        const before = this.tail;
        this.trackTail(data);
        this.emit({ type: 'terminal', data });
        const seen = concatBytes([before, data]);
        if (!this.rebootSeen && indexOfBytes(seen, SOFT_REBOOT) >= 0) {
          this.rebootSeen = true;
          this.emit({ type: 'soft-reboot' });
        }
        // The Ctrl-C before the Ctrl-D prints a prompt of its own: only the one after the reboot counts.
        if (this.rebootSeen && endsWithBytes(this.tail, FRIENDLY_PROMPT)) {
          this.modeValue = 'friendly';
          this.emit({ type: 'friendly-ready' });
        }
        return;
      }
      case 'entering-raw':
        if (this.consumeThrough(RAW_PROMPT)) {
          this.modeValue = 'raw';
          this.emit({ type: 'raw-ready' });
        }
        return;
      case 'syncing-raw':
        if (this.consumeThrough(this.syncMarker)) {
          this.modeValue = 'raw';
          this.emit({ type: 'raw-ready' });
        }
        return;
      case 'raw': {
        const data = this.inbox.takeAll();
        if (data.length) this.emit({ type: 'noise', data });
        return;
      }
      case 'paste-probe': {
        const view = this.inbox.view();
        if (view.length < 2) return;
        if (view[0] === 0x52 && view[1] === 0x01) {
          if (view.length < 4) return;
          this.window = view[2]! | (view[3]! << 8);
          this.inbox.take(4);
          if (this.window === 0) {
            this.modeValue = 'stdout';
            this.emit({ type: 'protocol-error', message: 'the module offered a raw-paste window of 0 bytes' });
            return;
          }
          this.credit = this.window;
          this.modeValue = 'paste-send';
          this.emit({ type: 'paste-support', supported: true, window: this.window });
          return;
        }
        if (view[0] === 0x52 && view[1] === 0x00) {
          // Refused: send the code the plain way at once (as pyboard.py does); the '>' pyexec.c prints after
          // the refusal may come before the "OK" and is skipped in 'raw-send'.
          this.inbox.take(2);
          this.modeValue = 'raw-send';
          this.emit({ type: 'paste-support', supported: false, window: 0 });
          this.queuePlainRaw();
          return;
        }
        this.modeValue = 'paste-fallback';
        this.fallbackMarker = RAW_PROMPT_TAIL;
        return;
      }
      case 'paste-fallback':
        if (this.consumeThrough(this.fallbackMarker)) {
          this.modeValue = 'raw-send';
          this.emit({ type: 'paste-support', supported: false, window: 0 });
          this.queuePlainRaw();
        }
        return;
      case 'paste-send': {
        const data = this.inbox.takeAll();
        for (let i = 0; i < data.length; i++) {
          const b = data[i]!;
          if (b === CTRL_A) this.credit += this.window;
          else if (b === CTRL_D) {
            // The module ended the paste early (e.g. a syntax error): acknowledge, then read its output. After our
            // Ctrl-C it waits for nothing: a Ctrl-D would reach its raw prompt and soft-reboot it.
            if (!this.pasteInterrupted) this.outbox.push(new Uint8Array([CTRL_D]));
            this.codeOffset = this.code.length;
            this.modeValue = 'stdout';
            this.emit({ type: 'exec-started' });
            if (i + 1 < data.length) this.inbox.push(data.subarray(i + 1));
            return;
          } else {
            this.modeValue = 'stdout';
            this.emit({ type: 'protocol-error', message: `unexpected byte 0x${b.toString(16)} during raw-paste` });
            return;
          }
        }
        return;
      }
      case 'paste-end': {
        const view = this.inbox.view();
        for (let i = 0; i < view.length; i++) {
          const b = view[i]!;
          if (b === CTRL_D) {
            this.inbox.take(i + 1);
            this.modeValue = 'stdout';
            this.emit({ type: 'exec-started' });
            return;
          }
          if (b !== CTRL_A) {
            this.modeValue = 'stdout';
            this.emit({ type: 'protocol-error', message: `unexpected byte 0x${b.toString(16)} after raw-paste data` });
            return;
          }
        }
        this.inbox.take(view.length);
        return;
      }
      case 'raw-send': {
        while (this.inbox.view()[0] === 0x3e) this.inbox.take(1);
        const view = this.inbox.view();
        if (view.length < 2) return;
        if (view[0] === 0x4f && view[1] === 0x4b) {
          this.inbox.take(2);
          this.modeValue = 'stdout';
          this.emit({ type: 'exec-started' });
          return;
        }
        const junk = this.inbox.takeAll();
        this.modeValue = 'stdout';
        this.emit({
          type: 'protocol-error',
          message: `the module did not accept the code (answered ${JSON.stringify(String.fromCharCode(...junk.slice(0, 40)))})`,
        });
        return;
      }
      case 'stdout':
      case 'stderr': {
        const view = this.inbox.view();
        if (!view.length) return;
        const eof = view.indexOf(CTRL_D);
        const chunk = this.inbox.take(eof < 0 ? view.length : eof);
        if (chunk.length) {
          const isOut = this.modeValue === 'stdout';
          (isOut ? this.stdout : this.stderr).push(chunk);
          this.emit({ type: isOut ? 'stdout' : 'stderr', data: chunk });
        }
        if (eof >= 0) {
          this.inbox.take(1);
          this.modeValue = this.modeValue === 'stdout' ? 'stderr' : 'exec-prompt';
        }
        return;
      }
      case 'exec-prompt': {
        const view = this.inbox.view();
        const at = view.indexOf(0x3e);
        if (at < 0) {
          if (view.length) this.emit({ type: 'noise', data: this.inbox.takeAll() });
          return;
        }
        if (at > 0) this.emit({ type: 'noise', data: this.inbox.take(at) });
        this.inbox.take(1);
        this.modeValue = 'raw';
        this.emit({
          type: 'exec-done',
          stdout: this.stdout.bytes(),
          stderr: this.stderr.bytes(),
          dropped: this.stdout.dropped + this.stderr.dropped,
        });
        this.stdout = new ByteTail(0);
        this.stderr = new ByteTail(0);
        return;
      }
      case 'exiting-raw':
        if (this.consumeThrough(FRIENDLY_PROMPT)) {
          this.modeValue = 'friendly';
          this.tail = FRIENDLY_PROMPT.slice();
          this.emit({ type: 'friendly-ready' });
        }
        return;
    }
  }

  private fallbackMarker: Uint8Array = RAW_PROMPT_TAIL;
  private pasteInterrupted = false;
  private rebootSeen = false;
}
