import type { Terminal } from '@xterm/xterm';
import { promptedText, type ScreenInput } from './unicode-line';

/** How far back a block's earlier lines are looked for. */
const MAX_BLOCK_LINES = 60;

/** The logical lines (wrapped rows joined) from up to MAX_BLOCK_LINES back to the cursor's line, and its column. */
const readScreenInput = (term: Terminal): ScreenInput => {
  const buffer = term.buffer.active;
  const cursorRow = buffer.baseY + buffer.cursorY;
  const lines: string[] = [];
  let row = cursorRow;
  let cursor = buffer.cursorX;
  let current = true;
  while (row >= 0 && lines.length < MAX_BLOCK_LINES) {
    let start = row;
    while (start > 0 && buffer.getLine(start)?.isWrapped) start -= 1;
    let text = '';
    for (let r = start; r <= row; r += 1) text += buffer.getLine(r)?.translateToString(r === row && !current) ?? '';
    if (current) {
      cursor += (row - start) * term.cols;
      text = text.slice(0, Math.max(text.trimEnd().length, cursor));
      current = false;
    }
    lines.unshift(text);
    if (text.startsWith('>>> ')) break;
    row = start - 1;
  }
  return { lines, cursor };
};

/**
 * Resolves with the screen once the module's line reads `expected` (what was typed since its prompt), or, when
 * that is unknown or never comes (no prompt: a program is running), once the terminal has been quiet a moment.
 */
export const screenSettled = (
  term: Terminal,
  api: { on(event: 'device.terminal', listener: () => void): () => void },
  expected: string | null,
  quietMs = 250,
  maxMs = 3000,
): Promise<ScreenInput> =>
  new Promise((resolve) => {
    const started = Date.now();
    let lastFrame = Date.now();
    const off = api.on('device.terminal', () => (lastFrame = Date.now()));
    const check = () => {
      const screen = readScreenInput(term);
      const now = Date.now();
      const matches = expected !== null && promptedText(screen)?.trim() === expected.trim();
      if (matches || now - started >= maxMs || (expected === null && now - lastFrame >= quietMs)) {
        clearInterval(timer);
        off();
        parsed.dispose();
        resolve(screen);
      }
    };
    const timer = setInterval(check, 30);
    // xterm parses writes asynchronously: check each time it has parsed some.
    const parsed = term.onWriteParsed(check);
  });
