/**
 * Text from the module (file names, error messages, info) can hold terminal control sequences: ESC [2J clears the
 * screen, OSC sequences retitle the window or write the clipboard, CR hides what came before it on the line, and
 * bidi overrides reorder what is shown. Before such text reaches the terminal it is shown escaped, as Python's
 * repr does: ESC becomes \x1b. JSON output needs none of this (JSON.stringify escapes control characters).
 */

// C0 controls, DEL, C1 controls (U+009B is a one-character CSI), and the bidi embedding/override/isolate marks.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_IN_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const escapeChar = (c: string): string => {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/**
 * A name (file, folder, port label) safe to print: every control character escaped, and a backslash doubled so
 * that a name holding a real `\x1b` reads differently from one holding ESC (like `ls -b`).
 */
export const safeName = (name: string): string => name.replace(/\\/g, '\\\\').replace(UNSAFE, escapeChar);

/**
 * A message safe to print: keeps its line breaks and tabs (CRLF from the module becomes LF), escapes every other
 * control character. Backslashes stay as they are (messages quote Windows paths).
 */
export const safeText = (text: string): string => text.replace(/\r\n/g, '\n').replace(UNSAFE_IN_TEXT, escapeChar);
