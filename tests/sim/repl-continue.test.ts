import { describe, expect, it } from 'vitest';
import { continuesWithInput } from '../../electron/sim/worker/repl-continue';

const asks = (text: string): boolean => continuesWithInput(Buffer.from(text, 'latin1'));

describe('which Enter compiles a friendly-REPL statement (py/repl.c mp_repl_continue_with_input)', () => {
  it('compiles simple lines and blank input', () => {
    expect(asks('')).toBe(false);
    expect(asks('1+1')).toBe(false);
    expect(asks('x = "a(b"')).toBe(false);
    expect(asks('iffy = 1')).toBe(false);
  });

  it('asks for more inside brackets, triple quotes and after a backslash', () => {
    expect(asks('f(1,')).toBe(true);
    expect(asks('x = [1,\n2')).toBe(true);
    expect(asks('s = """abc')).toBe(true);
    expect(asks("s = '''a\n'''")).toBe(false);
    expect(asks('x = 1 + \\')).toBe(true);
    expect(asks('s = "\\"("')).toBe(false);
  });

  it('asks for more after a compound statement until a line is empty', () => {
    expect(asks('def f():')).toBe(true);
    expect(asks('def f():\n    pass')).toBe(true);
    expect(asks('def f():\n    pass\n    ')).toBe(true);
    expect(asks('def f():\n    pass\n')).toBe(false);
    expect(asks('@dec\ndef f(): pass\n')).toBe(false);
    expect(asks('while True: pass')).toBe(true);
  });
});
