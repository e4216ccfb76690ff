const BACKSPACE = 0x08;
const DEL = 0x7f;
/** Longer lines are not put back after an operation (they are rare, and the module's line editor may wrap). */
const MAX_LENGTH = 200;

/**
 * What the user has typed on the friendly REPL's current line, while that is plain typing: printable ASCII and
 * backspaces since the prompt last showed. Anything else (Enter, a control key, an arrow key, non-ASCII, keys sent
 * to a running program) makes it unknown until the next prompt.
 */
export class TypedLine {
  private text: string | null = '';

  /** The line as typed; '' at a fresh prompt; null when unknown. */
  get value(): string | null {
    return this.text;
  }

  /** The friendly prompt showed: the line is empty. */
  atPrompt(): void {
    this.text = '';
  }

  /** The module may be doing anything until its prompt shows again. */
  unknown(): void {
    this.text = null;
  }

  /** Keystrokes written to the module's friendly REPL. */
  typed(data: Uint8Array): void {
    for (const b of data) {
      if (this.text === null) return;
      if (b >= 0x20 && b < DEL) this.text += String.fromCharCode(b);
      else if (b === DEL || b === BACKSPACE) this.text = this.text.slice(0, -1);
      else this.text = null;
      if (this.text !== null && this.text.length > MAX_LENGTH) this.text = null;
    }
  }
}
