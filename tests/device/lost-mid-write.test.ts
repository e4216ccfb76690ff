import { afterAll, describe, expect, it } from 'vitest';
import type { SerialBinding, SerialPortHandle } from '../../electron/device/binding-types';
import { DeviceManager } from '../../electron/device/manager';
import { createSimBinding } from '../../electron/sim';

const PORT = 'sim://ec600n-modern';

/**
 * The simulator's port, except that once `cut()` is called the cable is gone the way a pulled USB cable goes: the
 * pending read fails at once, and the write under way fails a moment later.
 */
const cuttableBinding = (inner: SerialBinding) => {
  let cutNow: (() => void) | undefined;
  const gone = new Promise<never>((_, reject) => {
    cutNow = () => reject(Object.assign(new Error('bad file descriptor'), { disconnect: true }));
  });
  gone.catch(() => undefined);
  let armed = false;
  const binding: SerialBinding = {
    list: () => inner.list(),
    open: async (options) => {
      const port = await inner.open(options);
      const handle: SerialPortHandle = {
        get isOpen() {
          return port.isOpen;
        },
        close: () => port.close(),
        read: (buffer, offset, length) => Promise.race([port.read(buffer, offset, length), gone]),
        write: async (data) => {
          if (!armed) return port.write(data);
          cutNow?.();
          await new Promise((resolve) => setTimeout(resolve, 50));
          throw Object.assign(new Error('input/output error'), { code: 'EIO' });
        },
      };
      return handle;
    },
  };
  return { binding, cutOnNextWrite: () => (armed = true) };
};

// Under load (series 6, faults.test.ts) a session's wait was rejected while its bytes were still being written: the
// rejection had no handler yet, and an unhandled rejection ends a Node process (the app's main process).
describe('a cable pulled while the session writes', () => {
  const sim = createSimBinding();
  const { binding, cutOnNextWrite } = cuttableBinding(sim as unknown as SerialBinding);
  const manager = new DeviceManager({ binding });
  afterAll(async () => {
    await manager.closeAll();
    await sim.reset();
  });

  it('fails the call with DISCONNECTED and leaves no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await manager.open(PORT);
      cutOnNextWrite();
      await expect(manager.files(PORT).runCode('print(1)', {})).rejects.toMatchObject({ code: 'DISCONNECTED' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
