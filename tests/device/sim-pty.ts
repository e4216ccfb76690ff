import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SerialBinding } from '../../electron/device/binding-types';
import { nativeSerialBinding } from '../../electron/device/native-binding';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../electron/sim';

export interface SimPty {
  sim: Simulator;
  /** The pseudo-terminal path a serial port opens, e.g. /tmp/qpy-dev-xxxx/tty. */
  link: string;
  readonly socat: ChildProcess;
  /** Kills socat: to the session it looks like the cable was pulled. */
  unplug(): void;
  /** As unplug, resolving once the pseudo-terminal is hung up. */
  unplugged(): Promise<void>;
  /**
   * A new pty to the same, still running module (the cable put back); returns its path. `samePath` gives it
   * the old path, as a USB module that comes back as the same /dev/ttyUSBn.
   */
  replug(options?: { samePath?: boolean }): Promise<string>;
  close(): Promise<void>;
}

export const nativeBinding = (): SerialBinding => nativeSerialBinding();

const attachSocat = async (sim: Simulator, link: string): Promise<ChildProcess> => {
  const socat = spawn('socat', ['-b65536', `pty,raw,echo=0,link=${link}`, 'STDIO'], {
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const forward = (bytes: Uint8Array) => {
    if (socat.exitCode === null && socat.stdin?.writable) socat.stdin.write(bytes);
  };
  sim.on('data', forward);
  socat.once('exit', () => sim.off('data', forward));
  socat.stdout?.on('data', (chunk: Buffer) => sim.write(new Uint8Array(chunk)));
  socat.stdin?.on('error', () => undefined);
  const deadline = Date.now() + 5000;
  while (!existsSync(link)) {
    if (Date.now() > deadline || socat.exitCode !== null) throw new Error('socat did not create the pseudo-terminal');
    await new Promise((r) => setTimeout(r, 20));
  }
  return socat;
};

/**
 * A simulated module behind a real pseudo-terminal: socat makes the pty and relays its bytes through its
 * stdin/stdout to the in-process simulator, so the device link goes through the real serialport binding.
 * Unlike the app's startSimulatorPty, the cable can be pulled (unplug) and put back (replug) while the module
 * keeps running.
 */
export const startSimPty = async (options: SimulatorOptions = {}): Promise<SimPty> => {
  const dir = await mkdtemp(join(tmpdir(), 'qpy-dev-'));
  const sim = createSimulator(options);
  // A main.py that never ends keeps the module from showing its prompt: then give it a moment to start instead.
  await Promise.race([sim.ready(), new Promise((r) => setTimeout(r, options.files?.['/usr/main.py'] ? 1500 : 15_000))]);
  let plugs = 0;
  let socat = await attachSocat(sim, join(dir, 'tty'));
  const kill = async () => {
    if (socat.exitCode !== null || socat.signalCode !== null) return;
    const exited = new Promise((r) => socat.once('exit', r));
    socat.kill('SIGKILL');
    await exited;
  };
  const pty: SimPty = {
    sim,
    link: join(dir, 'tty'),
    get socat() {
      return socat;
    },
    unplug: () => void kill(),
    unplugged: kill,
    replug: async ({ samePath = false } = {}) => {
      await kill();
      if (samePath) await rm(pty.link, { force: true });
      else pty.link = join(dir, `tty${++plugs}`);
      socat = await attachSocat(sim, pty.link);
      return pty.link;
    },
    close: async () => {
      await kill();
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return pty;
};

type PortHandle = Awaited<ReturnType<SerialBinding['open']>>;

/** A binding over `inner` whose ports pass every call through, except the `write` or `read` given here. */
export const hookedBinding = (
  inner: SerialBinding,
  hooks: {
    write?: (port: PortHandle, data: Buffer) => Promise<void>;
    read?: (port: PortHandle, buffer: Buffer, offset: number, length: number) => ReturnType<PortHandle['read']>;
  },
): SerialBinding => ({
  list: () => inner.list(),
  open: async (options) => {
    const port = await inner.open(options);
    return {
      get isOpen() {
        return port.isOpen;
      },
      close: () => port.close(),
      write: (data) => (hooks.write ? hooks.write(port, data) : port.write(data)),
      read: (buffer, offset, length) =>
        hooks.read ? hooks.read(port, buffer, offset, length) : port.read(buffer, offset, length),
    };
  },
});

/**
 * A binding over `inner` whose port loses the cable just as the module answers the first write `pick` chooses
 * (from the moment `arm` is called): that answer is lost with the cable and the session's next read starts on a
 * hung-up port, the earliest moment a pulled cable can be met.
 */
export const unplugOnAnswer = (
  inner: SerialBinding,
  pty: SimPty,
  pick: (written: Buffer) => boolean,
): { binding: SerialBinding; arm(): void; readonly pulled: boolean } => {
  let armed = false;
  let picked = false;
  let pulled = false;
  const binding = hookedBinding(inner, {
    write: async (port, data) => {
      if (armed && !picked && pick(data)) picked = true;
      await port.write(data);
    },
    read: async (port, buffer, offset, length) => {
      const answer = await port.read(buffer, offset, length);
      if (!picked || pulled) return answer;
      pulled = true;
      await pty.unplugged();
      return port.read(buffer, offset, length);
    },
  });
  return {
    binding,
    arm: () => void (armed = true),
    get pulled() {
      return pulled;
    },
  };
};
