import { afterEach, describe, expect, it } from 'vitest';
import type { SerialBinding } from '../../electron/device/binding-types';
import { DeviceManager } from '../../electron/device/manager';
import { CTRL_B, CTRL_C } from '../../shared/device/repl-keys';
import { hookedBinding, nativeBinding, startSimPty, type SimPty } from './sim-pty';

/** The native binding, keeping every byte the session writes. */
const recordingBinding = (inner: SerialBinding) => {
  const written: number[] = [];
  const binding = hookedBinding(inner, {
    write: (port, data) => {
      written.push(...data);
      return port.write(data);
    },
  });
  return { binding, written };
};

const until = async (test: () => boolean, what: string, ms = 10_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

let pty: SimPty | undefined;
let manager: DeviceManager | undefined;
afterEach(async () => {
  await manager?.closeAll();
  await pty?.close();
  manager = pty = undefined;
});

// The CLI's sessions (leaveRawUntilNeeded): one command's operations follow each other in the raw REPL, and its
// close leaves the module in the friendly REPL without waiting for the banner.
describe('a session that leaves the raw REPL only when needed', () => {
  it('goes on from one raw operation to the next, types at the friendly prompt, and closes with Ctrl-B', async () => {
    pty = await startSimPty();
    const moduleSaid: string[] = [];
    pty.sim.on('data', (bytes) => moduleSaid.push(Buffer.from(bytes).toString('latin1')));
    const { binding, written } = recordingBinding(nativeBinding());
    manager = new DeviceManager({ binding, leaveRawUntilNeeded: true });
    await manager.open(pty.link);
    const files = manager.files(pty.link);

    expect((await files.exec('print(6*7)')).stdout).toBe('42\r\n');
    const afterFirst = written.length;
    expect((await files.exec('print(7*8)')).stdout).toBe('56\r\n');
    const between = written.slice(afterFirst);
    expect(between).not.toContain(CTRL_B);
    expect(between).not.toContain(CTRL_C);

    // Keystrokes need the friendly REPL: the owed Ctrl-B goes first, then the line reaches the prompt.
    const terminal: string[] = [];
    manager.on('device.terminal', (f) => terminal.push(Buffer.from(f.data).toString('latin1')));
    await manager.session(pty.link).write('print(8*9)\r');
    await until(() => terminal.join('').includes('72\r\n>>> '), 'the friendly REPL to answer the typed line');

    expect((await files.exec('print(9*9)')).stdout).toBe('81\r\n');
    moduleSaid.length = 0;
    await manager.close(pty.link);
    expect(written.at(-1)).toBe(CTRL_B);
    await until(() => moduleSaid.join('').endsWith('>>> '), 'the module to show the friendly prompt after the close');
  });

  it('an operation that fails leaves the raw REPL at once, as every session does', async () => {
    pty = await startSimPty();
    const { binding, written } = recordingBinding(nativeBinding());
    manager = new DeviceManager({ binding, leaveRawUntilNeeded: true });
    await manager.open(pty.link);
    await expect(manager.files(pty.link).exec('raise ValueError("bad")')).rejects.toMatchObject({
      code: 'PYTHON_ERROR',
    });
    expect(written.at(-1)).toBe(CTRL_B);
    const closing = written.length;
    await manager.close(pty.link);
    expect(written.length).toBe(closing);
  });
});
