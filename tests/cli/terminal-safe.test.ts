import { describe, expect, it } from 'vitest';
import { safeName, safeText } from '../../electron/cli/terminal-safe';

describe('terminal-safe output', () => {
  it('escapes every control character in names, like Python repr, and doubles backslashes', () => {
    expect(safeName('a\x1b[2Jb\x07c\rd\ne\tf\x00\x7f\u009b')).toBe(String.raw`a\x1b[2Jb\x07c\rd\ne\tf\x00\x7f\x9b`);
    expect(safeName(String.raw`lit\x1b`)).toBe(String.raw`lit\\x1b`);
    expect(safeName('evil\u202etxt.py')).toBe(String.raw`evil\u202etxt.py`);
    expect(safeName('数据 ok.py')).toBe('数据 ok.py');
  });

  it('keeps line breaks and tabs in messages (CRLF becomes LF) and escapes the rest', () => {
    expect(safeText('Traceback:\r\n  line 1\tx\r\x1b]0;title\x07')).toBe(
      String.raw`Traceback:
  line 1	x\r\x1b]0;title\x07`,
    );
    expect(safeText(String.raw`C:\Users\me`)).toBe(String.raw`C:\Users\me`);
  });
});
