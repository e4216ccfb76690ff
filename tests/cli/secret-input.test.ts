import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MAX_SECRET_BYTES, readSecret, type SecretIo } from '../../electron/cli/secret-input';

const SPEC = { label: 'password', flag: '-P/--password', fileFlag: '--password-file', envVar: 'QPY_T_PW' };

const io = (over: Partial<SecretIo> & { piped?: string | Buffer; tty?: boolean } = {}): SecretIo => ({
  stdin: Object.assign(Readable.from(over.piped === undefined ? [] : [Buffer.from(over.piped)]), {
    isTTY: over.tty ?? false,
  }),
  env: over.env ?? {},
  readFile: over.readFile ?? (() => Promise.reject(Object.assign(new Error('x'), { code: 'ENOENT' }))),
});

describe('readSecret', () => {
  it('takes the flag, then the file, then the environment, and strips one trailing newline', async () => {
    expect(await readSecret(SPEC, { value: 'v' }, io({ env: { QPY_T_PW: 'e' } }))).toBe('v');
    expect(await readSecret(SPEC, { value: '-' }, io({ piped: 'from pipe\r\n' }))).toBe('from pipe');
    expect(await readSecret(SPEC, { file: 'f' }, io({ readFile: async () => Buffer.from('in file\n\n') }))).toBe(
      'in file\n',
    );
    expect(await readSecret(SPEC, {}, io({ env: { QPY_T_PW: 'e' } }))).toBe('e');
    expect(await readSecret(SPEC, {}, io({ env: { QPY_T_PW: '' } }))).toBeUndefined();
  });

  it('refuses a terminal, an oversized pipe, a missing or folder file, and both flags at once', async () => {
    await expect(readSecret(SPEC, { value: '-' }, io({ tty: true }))).rejects.toThrow('nothing is piped in');
    await expect(
      readSecret(SPEC, { value: '-' }, io({ piped: Buffer.alloc(MAX_SECRET_BYTES + 1, 0x61) })),
    ).rejects.toThrow('over 64 KiB');
    await expect(readSecret(SPEC, { file: '/x' }, io())).rejects.toThrow(
      'cannot read the password file /x (--password-file): no such file.',
    );
    const folder = io({ readFile: () => Promise.reject(Object.assign(new Error('x'), { code: 'EISDIR' })) });
    await expect(readSecret(SPEC, { file: '/x' }, folder)).rejects.toThrow('it is a folder');
    await expect(readSecret(SPEC, { file: '/x' }, io({ readFile: async () => Buffer.from('\n') }))).rejects.toThrow(
      'is empty',
    );
    await expect(readSecret(SPEC, { value: 'a', file: 'b' }, io())).rejects.toThrow('not both');
  });
});
