import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromUtf8, latin1 } from '../../electron/device/bytes';
import { TypedLine } from '../../electron/device/typed-line';
import { DeviceManager } from '../../electron/device/manager';
import { nativeBinding, startSimPty, type SimPty } from './sim-pty';

/**
 * A file operation (the file pane's listing after connecting or after a push) can start while the user is half
 * way through typing a line at the prompt. Entering raw REPL needs the prompt, which cancels the line: what was
 * typed before the operation must still be on the line afterwards.
 */
describe('a line typed at the prompt when a file operation starts', () => {
  let pty: SimPty;
  let manager: DeviceManager;
  let terminal = '';

  beforeAll(async () => {
    pty = await startSimPty({ firmware: 'modern', rawPaste: 'on' });
    manager = new DeviceManager({ binding: nativeBinding() });
    manager.on('device.terminal', (f) => (terminal += fromUtf8(f.data)));
    await manager.open(pty.link);
  });

  afterAll(async () => {
    await manager?.closeAll();
    await pty?.close();
  });

  it('stays typed through a listing, and the rest of the line completes it', async () => {
    const session = manager.session(pty.link);
    await session.write('\r');
    await expect.poll(() => terminal).toMatch(/>>> $/);
    await session.write('pri');
    await expect.poll(() => terminal).toMatch(/>>> pri$/);
    const listed = await manager.files(pty.link).list('/usr');
    expect(Array.isArray(listed)).toBe(true);
    terminal = '';
    await session.write('nt(6*7)\r');
    await expect.poll(() => terminal).toMatch(/\r\n42\r\n>>> $/);
    expect(terminal).not.toContain('Error');
  });

  it('keeps edits: a backspace typed before the operation is part of the line', async () => {
    const session = manager.session(pty.link);
    await session.write('prx\x7fint(');
    await expect.poll(() => terminal).toMatch(/int\($/);
    await manager.files(pty.link).list('/usr');
    terminal = '';
    await session.write('6*8)\r');
    await expect.poll(() => terminal).toMatch(/\r\n48\r\n>>> $/);
  });
});

describe('TypedLine', () => {
  const typed = (...keys: string[]) => {
    const line = new TypedLine();
    for (const k of keys) line.typed(latin1(k));
    return line.value;
  };

  it('follows printable typing and backspaces', () => {
    expect(typed('pri', 'x\x7f', 'nt')).toBe('print');
    expect(typed('a\b\b')).toBe('');
  });

  it('is unknown after Enter, a control key, an arrow key or non-ASCII, until the prompt shows', () => {
    expect(typed('x = 1\r')).toBeNull();
    expect(typed('ab\x03')).toBeNull();
    expect(typed('ab\x1b[D')).toBeNull();
    expect(typed('print("\xe4')).toBeNull();
    const line = new TypedLine();
    line.typed(latin1('go\r'));
    line.atPrompt();
    line.typed(latin1('x'));
    expect(line.value).toBe('x');
  });

  it('gives up on lines over 200 characters', () => {
    expect(typed('x'.repeat(201))).toBeNull();
  });
});
