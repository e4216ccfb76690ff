import { describe, expect, it } from 'vitest';
import { cellWidth, createUnicodeLine, type LineAction, type ScreenInput } from './unicode-line';

const screenOf = (lines: string[], cursor?: number): ScreenInput => ({
  lines,
  cursor: cursor ?? (lines.at(-1) ?? '').length,
});

/** Types keys; the first non-ASCII key waits for the module's echo, which `screen` then shows. */
const typer = (screen: ScreenInput) => {
  const line = createUnicodeLine();
  const type = (data: string): LineAction => {
    const result = line.type(data, 80);
    if (result.kind === 'wait') {
      const resumed = line.resume(screen, 80);
      if (resumed.kind !== 'edit') throw new Error('not taken over');
      return resumed;
    }
    if (result.kind !== 'edit') throw new Error(`unexpected ${result.kind}`);
    return result;
  };
  return { line, type };
};

describe('typing non-ASCII at the REPL', () => {
  it('leaves ASCII typing alone and waits for the echo of what was sent before the first non-ASCII key', () => {
    const line = createUnicodeLine();
    expect(line.type('print("', 80)).toEqual({ kind: 'raw' });
    expect(line.type('你', 80)).toEqual({ kind: 'wait', expected: 'print("' });
    // Keys typed while waiting are held for the take-over, not sent.
    expect(line.type('好', 80)).toEqual({ kind: 'held' });
    const resumed = line.resume(screenOf(['>>> print("']), 80);
    expect(resumed.kind === 'edit' && resumed.echo).toContain('>>> print("你好');
  });

  it('gives the keys back when the cursor is not at a REPL prompt (a program reading input)', () => {
    const line = createUnicodeLine();
    expect(line.type('你好', 80).kind).toBe('wait');
    expect(line.resume(screenOf(['name? ']), 80)).toEqual({ kind: 'raw', data: '你好' });
    expect(line.active).toBe(false);
    // The module's line is unknown now: the next wait cannot say what to expect.
    expect(line.type('好', 80)).toEqual({ kind: 'wait', expected: null });
  });

  it('takes over the line the module shows and sends it through paste mode on Enter', () => {
    const { line, type } = typer(screenOf(['>>> print("']));
    const first = type('你好');
    expect(line.active).toBe(true);
    expect(first.type).toEqual([]);
    expect(first.echo).toContain('>>> print("你好');
    expect(type('")').echo).toContain('>>> print("你好")');
    const enter = type('\r');
    // The module's copy of the line (7 ASCII characters) is deleted, then the block goes through paste mode.
    expect(enter.type).toEqual(['\x7f'.repeat(7)]);
    expect(enter.paste).toBe('print("你好")\n');
    expect(enter.echo.endsWith('\r\n')).toBe(true);
    expect(line.active).toBe(false);
    expect(line.type('x', 80)).toEqual({ kind: 'raw' });
  });

  it('edits with backspace and arrows, by character not by byte', () => {
    const { type } = typer(screenOf(['>>> ']));
    type('模组');
    type('\x7f');
    type('\x1b[D');
    type('x');
    const enter = type('\r');
    expect(enter.paste).toBe('x模\n');
    expect(enter.type).toEqual([]);
  });

  it('moves to the end of the module line before deleting it when the cursor was inside it', () => {
    const { type } = typer(screenOf(['>>> ab()'], 6));
    type('你');
    const enter = type('\r');
    expect(enter.paste).toBe('ab你()\n');
    expect(enter.type).toEqual(['\x1b[C'.repeat(2) + '\x7f'.repeat(4)]);
  });

  it('keeps a block going after a colon and sends it when a blank line ends it', () => {
    const { type } = typer(screenOf(['>>> ']));
    type('for s in ["你"]:');
    const next = type('\r');
    expect(next.paste).toBeNull();
    expect(next.echo).toContain('...     ');
    type('print(s)');
    type('\r');
    const end = type('\r');
    expect(end.paste).toBe('for s in ["你"]:\n    print(s)\n    \n');
  });

  it('picks up a block the module already holds and cancels it there before pasting', () => {
    const { type } = typer(screenOf(['>>> if True:', '...     ']));
    type('print("好")');
    type('\r');
    const end = type('\r');
    expect(end.type).toEqual(['\x7f'.repeat(4), '\x03']);
    expect(end.paste).toBe('if True:\n    print("好")\n    \n');
  });

  it('Ctrl-C drops the edited line and asks the module for a fresh prompt', () => {
    const { line, type } = typer(screenOf(['>>> ab']));
    type('你');
    const cancel = type('\x03');
    expect(cancel.paste).toBeNull();
    expect(cancel.type).toEqual(['\x7f\x7f', '\x03']);
    expect(line.active).toBe(false);
  });

  it('counts CJK as two cells when it puts the cursor back', () => {
    expect(cellWidth('你')).toBe(2);
    expect(cellWidth('a')).toBe(1);
    const { type } = typer(screenOf(['>>> ']));
    type('你好');
    // ">>> " + 你 = 6 cells: the cursor goes back to column 6.
    expect(type('\x1b[D').echo.endsWith('\r\x1b[6C')).toBe(true);
  });
});
