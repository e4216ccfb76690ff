import { CTRL_D as REPL_CTRL_D, CTRL_E as REPL_CTRL_E } from '../../../../../shared/device/repl-keys';
/** MicroPython's friendly REPL: Ctrl-E enters paste mode, Ctrl-D runs what was pasted, Ctrl-C cancels it. */
export const CTRL_D = String.fromCharCode(REPL_CTRL_D);
export const CTRL_E = String.fromCharCode(REPL_CTRL_E);

/** Characters per deviceWrite while pasting: small enough for a module's input buffer, large enough to be quick. */
export const PASTE_CHUNK_CHARS = 512;

/** Control characters other than tab and newline would end or cancel paste mode early; pasted code never needs them. */
const STRAY_CONTROLS = /[\x00-\x08\x0b-\x1f\x7f]/g;

/** Splits text into chunks of at most `size` UTF-16 units without cutting a surrogate pair. */
export const chunkText = (text: string, size: number): string[] => {
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
};

/**
 * What to send for a paste. One short line is typed as it is (so it lands at the prompt for the user to edit);
 * anything with a line break or longer than a chunk goes through paste mode: Ctrl-E, the text in chunks, Ctrl-D.
 * Paste mode keeps the module's auto-indent from mangling pasted blocks.
 */
export const pasteSequence = (text: string, chunkChars = PASTE_CHUNK_CHARS): string[] => {
  const normalised = text.replace(/\r\n?/g, '\n');
  if (!normalised.includes('\n') && normalised.length <= chunkChars) {
    const line = normalised.replace(STRAY_CONTROLS, '');
    return line ? [line] : [];
  }
  return pasteModeSequence(normalised, chunkChars);
};

/** Always through paste mode (Ctrl-E, the text in chunks, Ctrl-D): runs the text as one block, every byte kept. */
export const pasteModeSequence = (text: string, chunkChars = PASTE_CHUNK_CHARS): string[] => {
  const body = text.replace(/\r\n?/g, '\n').replace(STRAY_CONTROLS, '');
  const trimmed = body.endsWith('\n') ? body : `${body}\n`;
  return [CTRL_E, ...chunkText(trimmed, chunkChars), CTRL_D];
};

/** Sends the paste sequence one write at a time, in order; stops at the first failure and returns it. */
export const sendPaste = async <E>(
  text: string,
  write: (data: string) => Promise<{ ok: true } | { ok: false; error: E }>,
  chunkChars = PASTE_CHUNK_CHARS,
  sequence: (text: string, chunkChars: number) => string[] = pasteSequence,
): Promise<E | null> => {
  for (const part of sequence(text, chunkChars)) {
    const result = await write(part);
    if (!result.ok) return result.error;
  }
  return null;
};
