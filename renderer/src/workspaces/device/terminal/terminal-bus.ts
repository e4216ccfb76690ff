/**
 * A way for other parts of the workbench (run buffer, notices) to print into the one terminal without going through
 * React. The terminal registers its writer while it is mounted.
 */
type Writer = (data: string | Uint8Array) => void;

let writer: Writer | null = null;
const pending: Array<string | Uint8Array> = [];

export const registerTerminalWriter = (next: Writer | null): void => {
  writer = next;
  if (writer) for (const item of pending.splice(0)) writer(item);
};

/** Prints text (LF line endings are turned into CRLF for the terminal). */
const printToTerminal = (text: string): void => {
  const data = text.replace(/\r?\n/g, '\r\n');
  if (writer) writer(data);
  else if (pending.length < 100) pending.push(data);
};

/** Prints a dim one-line note from the workbench itself, e.g. "Running main.py…". */
export const printNote = (text: string): void => printToTerminal(`\x1b[2m${text}\x1b[22m\n`);
