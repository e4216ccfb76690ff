import { CTRL_C as REPL_CTRL_C } from '../../../../../shared/device/repl-keys';
/**
 * MicroPython's friendly-REPL readline drops every typed byte outside printable ASCII, so `print("你好")` would
 * arrive as `print("")`. When a non-ASCII character is typed at a `>>> ` or `... ` prompt, the line (and the
 * block it continues) is taken over and edited here instead, shown in the terminal by us; Enter clears the
 * module's copy of the line and sends the whole block through paste mode, which keeps every byte.
 * Everywhere else (a program reading input(), raw output) keys go to the module as they are.
 */

/** The REPL's current input as the terminal shows it: the logical lines from the `>>> ` line to the cursor's. */
export interface ScreenInput {
  /** Logical lines (wrapped rows joined), oldest first; the last one holds the cursor. */
  lines: string[];
  /** The cursor's column in the last line. */
  cursor: number;
}

export interface LineAction {
  kind: 'edit';
  /** Bytes for the terminal (our own echo of the edited line). */
  echo: string;
  /** Keys to type to the module first (clearing its line), then a block to send through paste mode. */
  type: string[];
  paste: string | null;
}

export type TypeResult = LineAction | { kind: 'raw' } | { kind: 'wait'; expected: string | null } | { kind: 'held' };

const PROMPTS = ['>>> ', '... '] as const;
type Prompt = (typeof PROMPTS)[number];

const DEL = '\x7f';
const RIGHT = '\x1b[C';
const CTRL_C = String.fromCharCode(REPL_CTRL_C);

export const hasNonAscii = (text: string): boolean => /[^\x00-\x7f]/.test(text);

/** Terminal cells a character takes: CJK, full-width forms and most emoji take two. */
export const cellWidth = (char: string): number => {
  const c = char.codePointAt(0) ?? 0;
  const wide =
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x1f300 && c <= 0x1faff) ||
    (c >= 0x20000 && c <= 0x3fffd);
  return wide ? 2 : 1;
};

const widthOf = (chars: readonly string[]): number => chars.reduce((sum, ch) => sum + cellWidth(ch), 0);

const promptOf = (line: string): Prompt | null => PROMPTS.find((p) => line.startsWith(p)) ?? null;

interface Editing {
  prompt: Prompt;
  /** Lines of the block already entered (without prompts). */
  lines: string[];
  chars: string[];
  cursor: number;
  /** How the module's own copy of the line looked when we took over: its length and cursor. */
  moduleLength: number;
  moduleCursor: number;
  /** The block began before this line: the module holds earlier lines that Ctrl-C must cancel. */
  continued: boolean;
  /** The cursor's row within what we drew (for redrawing a line that wraps). */
  drawnRow: number;
}

const indentOf = (line: string): string => /^\s*/.exec(line)?.[0] ?? '';

export const createUnicodeLine = () => {
  let editing: Editing | null = null;

  const draw = (state: Editing, cols: number): string => {
    const up = state.drawnRow > 0 ? `\x1b[${state.drawnRow}A` : '';
    const promptWidth = state.prompt.length;
    const endWidth = promptWidth + widthOf(state.chars);
    const cursorWidth = promptWidth + widthOf(state.chars.slice(0, state.cursor));
    const width = Math.max(cols, 1);
    const endRow = Math.floor(Math.max(endWidth - 1, 0) / width);
    const cursorRow = Math.floor(cursorWidth / width);
    const cursorCol = cursorWidth % width;
    let move = '';
    if (cursorWidth !== endWidth || endWidth % width === 0) {
      const rowsUp = endRow - cursorRow;
      move = `${rowsUp > 0 ? `\x1b[${rowsUp}A` : rowsUp < 0 ? `\x1b[${-rowsUp}B` : ''}\r${cursorCol ? `\x1b[${cursorCol}C` : ''}`;
    }
    state.drawnRow = cursorRow;
    return `${up}\r\x1b[J${state.prompt}${state.chars.join('')}${move}`;
  };

  /** What clears the module's copy of the line (and the block before it): move to its end, delete everything. */
  const clearModule = (state: Editing): string[] => {
    const keys =
      RIGHT.repeat(Math.max(state.moduleLength - state.moduleCursor, 0)) + DEL.repeat(Math.max(state.moduleLength, 0));
    return keys ? [keys] : [];
  };

  /** Ends the edit: the block goes through paste mode, or (cancelled) the module gets a fresh prompt. */
  const finish = (state: Editing, send: boolean): LineAction => {
    editing = null;
    sent = '';
    const block = [...state.lines, state.chars.join('')];
    const type = [...clearModule(state), ...(state.continued || !send ? [CTRL_C] : [])];
    return { kind: 'edit', echo: '\r\n', type, paste: send ? `${block.join('\n')}\n` : null };
  };

  const toEnd = (state: Editing, cols: number): string => {
    state.cursor = state.chars.length;
    return draw(state, cols);
  };

  const takeOver = (screen: ScreenInput): Editing | null => {
    const current = screen.lines.at(-1) ?? '';
    const prompt = promptOf(current);
    if (!prompt) return null;
    const earlier: string[] = [];
    if (prompt === '... ') {
      for (let i = screen.lines.length - 2; i >= 0; i -= 1) {
        const line = screen.lines[i] ?? '';
        const p = promptOf(line);
        if (!p) return null;
        earlier.unshift(line.slice(p.length));
        if (p === '>>> ') break;
        if (i === 0) return null;
      }
      if (earlier.length === 0) return null;
    }
    const padded = current.trimEnd().padEnd(Math.max(screen.cursor, current.trimEnd().length), ' ');
    const chars = Array.from(padded.slice(prompt.length));
    const moduleCursor = Math.min(Math.max(screen.cursor - prompt.length, 0), chars.length);
    return {
      prompt,
      lines: earlier,
      chars,
      cursor: moduleCursor,
      moduleLength: chars.length,
      moduleCursor,
      continued: prompt === '... ',
      drawnRow: 0,
    };
  };

  const insert = (state: Editing, text: string) => {
    const chars = Array.from(text);
    state.chars.splice(state.cursor, 0, ...chars);
    state.cursor += chars.length;
  };

  /** An escape sequence at the start of `data`: its length and what it does here. */
  const escape = (data: string): { length: number; key: string } => {
    const match = /^\x1b(\[[0-9;]*[~A-Za-z]|O[A-Za-z])?/.exec(data);
    const seq = match?.[0] ?? '\x1b';
    const key =
      seq === '\x1b[D' || seq === '\x1bOD'
        ? 'left'
        : seq === '\x1b[C' || seq === '\x1bOC'
          ? 'right'
          : seq === '\x1b[H' || seq === '\x1bOH' || seq === '\x1b[1~'
            ? 'home'
            : seq === '\x1b[F' || seq === '\x1bOF' || seq === '\x1b[4~'
              ? 'end'
              : seq === '\x1b[3~'
                ? 'delete'
                : 'ignored';
    return { length: seq.length, key };
  };

  const edit = (state: Editing, data: string, cols: number): LineAction => {
    let echo = '';
    let changed = false;
    for (let i = 0; i < data.length;) {
      const ch = data[i]!;
      if (ch === '\x1b') {
        const { length, key } = escape(data.slice(i));
        i += length;
        if (key === 'left' && state.cursor > 0) state.cursor -= 1;
        else if (key === 'right' && state.cursor < state.chars.length) state.cursor += 1;
        else if (key === 'home') state.cursor = 0;
        else if (key === 'end') state.cursor = state.chars.length;
        else if (key === 'delete') state.chars.splice(state.cursor, 1);
        changed = true;
        continue;
      }
      i += 1;
      if (ch === '\r' || ch === '\n') {
        const line = state.chars.join('');
        const opensBlock = line.trimEnd().endsWith(':');
        if (opensBlock || (state.lines.length > 0 && line.trim() !== '')) {
          echo += toEnd(state, cols);
          state.lines.push(line);
          state.prompt = '... ';
          state.chars = Array.from(indentOf(line) + (opensBlock ? '    ' : ''));
          state.cursor = state.chars.length;
          state.drawnRow = 0;
          echo += `\r\n${draw(state, cols)}`;
          changed = false;
          continue;
        }
        const end = toEnd(state, cols);
        const done = finish(state, true);
        return { ...done, echo: echo + end + done.echo };
      }
      if (ch === CTRL_C) {
        const end = toEnd(state, cols);
        const done = finish(state, false);
        return { ...done, echo: `${echo}${end}^C${done.echo}` };
      }
      if (ch === DEL || ch === '\b') {
        if (state.cursor > 0) {
          state.chars.splice(state.cursor - 1, 1);
          state.cursor -= 1;
        }
      } else if (ch === '\t') insert(state, '    ');
      else if (ch === '\x01') state.cursor = 0;
      else if (ch === '\x05') state.cursor = state.chars.length;
      else if (ch >= ' ') {
        // Keep surrogate pairs together.
        const code = ch.charCodeAt(0);
        if (code >= 0xd800 && code <= 0xdbff && i < data.length) {
          insert(state, ch + data[i]!);
          i += 1;
        } else insert(state, ch);
      }
      changed = true;
    }
    return { kind: 'edit', echo: echo + (changed ? draw(state, cols) : ''), type: [], paste: null };
  };

  /** What the module's line holds, from the keys sent since its last prompt; null once arrows or Tab made it unknown. */
  let sent: string | null = '';
  /** Keys typed while waiting for the module to echo what came before the first non-ASCII key. */
  let waiting: string | null = null;

  const track = (data: string) => {
    for (const ch of data.replace(/\x1b(\[[0-9;]*[~A-Za-z]|O[A-Za-z])?/g, '\x00')) {
      if (ch === '\r' || ch === CTRL_C) sent = '';
      else if (sent === null) continue;
      else if (ch === DEL || ch === '\b') sent = sent.slice(0, -1);
      else if (ch >= ' ' && ch < DEL) sent += ch;
      else sent = null;
    }
  };

  return {
    /** Whether a line is being edited here (typed keys must come to `type`). */
    get active() {
      return editing !== null;
    },
    /**
     * Typed keys (or a one-line paste). 'raw': send them to the module as they are. 'wait': the first non-ASCII key;
     * call `resume` once the module has echoed everything sent so far (its line should then read `expected`, when
     * known). 'held': kept for `resume`. Otherwise: the edited line's echo and what to send.
     */
    type(data: string, cols: number): TypeResult {
      if (editing) return edit(editing, data, cols);
      if (waiting !== null) {
        waiting += data;
        return { kind: 'held' };
      }
      if (!hasNonAscii(data)) {
        track(data);
        return { kind: 'raw' };
      }
      waiting = data;
      return { kind: 'wait', expected: sent };
    },
    /** The module's echo arrived: take the line over, or (no prompt there) give back the held keys to send raw. */
    resume(screen: ScreenInput, cols: number): LineAction | { kind: 'raw'; data: string } {
      const held = waiting ?? '';
      waiting = null;
      const state = takeOver(screen);
      if (!state) {
        sent = null;
        return { kind: 'raw', data: held };
      }
      editing = state;
      return edit(state, held, cols);
    },
    /** A multi-line paste while editing: it joins the block, and the block is sent. */
    pasteBlock(text: string): LineAction | null {
      if (!editing) return null;
      const state = editing;
      insert(state, text.replace(/\r\n?/g, '\n').replace(/\n+$/, ''));
      return finish(state, true);
    },
    /** Forget the edited line (a new session, or the terminal was cleared). */
    reset() {
      editing = null;
      waiting = null;
      sent = '';
    },
  };
};

/** The module's line as `screen` shows it, without its prompt (for comparing with what was sent). */
export const promptedText = (screen: ScreenInput): string | null => {
  const line = screen.lines.at(-1) ?? '';
  const prompt = promptOf(line);
  return prompt ? line.slice(prompt.length).trimEnd() : null;
};
