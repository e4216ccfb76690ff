import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { adler32, digest } from '../../electron/device/checksum';
import { mapOpenError } from '../../electron/device/port-errors';
import { bytesLiteral, pyDeviceStr } from '../../electron/device/pyliteral';
import { decodeBytesLiteral } from './bytes-literal';
import { fileOperationError, parseTraceback } from '../../electron/device/traceback';
import { TerminalFrameBatcher } from '../../electron/device/terminal-frames';

describe('traceback parsing', () => {
  it('reads type, message, line and file of the innermost frame', () => {
    const info = parseTraceback(
      'Traceback (most recent call last):\r\n  File "<stdin>", line 3, in <module>\r\n  File "/usr/app.py", line 12, in run\r\nValueError: bad value\r\n',
    );
    expect(info).toMatchObject({
      type: 'ValueError',
      message: 'bad value',
      line: 12,
      file: '/usr/app.py',
      errno: null,
    });
  });

  it('reads the errno of new and old OSError styles', () => {
    expect(parseTraceback('OSError: [Errno 2] ENOENT')?.errno).toBe(2);
    expect(parseTraceback('Traceback (most recent call last):\n  File "<stdin>", line 1\nOSError: 28')?.errno).toBe(28);
  });

  it('returns null for empty stderr', () => {
    expect(parseTraceback('\r\n')).toBeNull();
  });

  it('maps file errors to specific codes', () => {
    const enoent = parseTraceback('OSError: [Errno 2] ENOENT')!;
    expect(fileOperationError(enoent, '/usr/x.py', 'read').code).toBe('NO_SUCH_FILE');
    expect(fileOperationError(parseTraceback('OSError: 28')!, '/usr/x', 'write').code).toBe('STORAGE_FULL');
    expect(fileOperationError(parseTraceback('OSError: [Errno 30] EROFS')!, '/x', 'write').code).toBe('READ_ONLY');
    expect(fileOperationError(parseTraceback('NameError: name x')!, '/x', 'write').code).toBe('PYTHON_ERROR');
  });
});

describe('Python literals', () => {
  it('escapes quotes, backslashes and control characters in str literals and keeps Chinese', () => {
    expect(pyDeviceStr("/usr/my file's\\数据.py\n")).toBe("'/usr/my file\\'s\\\\数据.py\\x0a'");
  });

  it('writes every byte value into a bytes literal, escaping only what the REPL needs', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const literal = bytesLiteral(all);
    expect(decodeBytesLiteral(literal.subarray(1)).equals(Buffer.from(all))).toBe(true);
    // No REPL control byte, CR or LF survives unescaped; Ctrl-E (only special as an exec's first byte) goes raw.
    for (const b of [0, 1, 2, 3, 4, 10, 13]) expect(literal.includes(b)).toBe(false);
    expect(literal.includes(5)).toBe(true);
    expect(literal.length / 256).toBeLessThan(1.1);
  });

  it('uses one-digit octal escapes unless an octal digit follows', () => {
    const text = (bytes: number[]) => String.fromCharCode(...bytesLiteral(Uint8Array.from(bytes)));
    expect(text([3, 0x41])).toBe("b'\\3A'");
    expect(text([3, 0x35])).toBe("b'\\0035'");
    expect(text([0x0a, 0x27, 0x5c])).toBe("b'\\n\\'\\\\'");
  });
});

describe('checksums', () => {
  it('adler32 matches the reference value', () => {
    expect(adler32(new TextEncoder().encode('Wikipedia'))).toBe(0x11e60398);
    expect(digest('adler32', new Uint8Array(0))).toBe('1');
  });

  it('crc32 and sha256 are the formats the module prints', () => {
    const data = new TextEncoder().encode('hello');
    expect(digest('crc32', data)).toBe(String(crc32(data)));
    expect(digest('sha256', data)).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
  });
});

describe('open errors', () => {
  const noHolder = async () => null;
  it('maps missing, busy and forbidden ports', async () => {
    expect(
      (await mapOpenError('/dev/ttyX', new Error('Error: No such file or directory, cannot open /dev/ttyX'), noHolder))
        .code,
    ).toBe('PORT_NOT_FOUND');
    const busy = await mapOpenError(
      '/dev/ttyX',
      new Error('Error Resource temporarily unavailable Cannot lock port'),
      async () => 'picocom (pid 7)',
    );
    expect(busy.code).toBe('PORT_BUSY');
    expect(busy.message).toContain('picocom (pid 7)');
    const denied = await mapOpenError(
      '/dev/ttyX',
      new Error('Error: Permission denied, cannot open /dev/ttyX'),
      noHolder,
      'linux',
    );
    expect(denied.code).toBe('PORT_PERMISSION');
    expect(denied.message).toContain('dialout');
    const win = await mapOpenError('COM7', new Error('Opening COM7: Access denied'), noHolder, 'win32');
    expect(win.code).toBe('PORT_BUSY');
  });
});

describe('terminal frames', () => {
  it('batches bytes into one frame per interval', async () => {
    const frames: Uint8Array[] = [];
    const batcher = new TerminalFrameBatcher((f) => frames.push(f), 16);
    for (let i = 0; i < 500; i++) batcher.push(Uint8Array.of(i & 0xff));
    expect(frames).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 40));
    expect(frames).toHaveLength(1);
    expect(frames[0]).toHaveLength(500);
  });
});
