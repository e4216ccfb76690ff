import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { autoDetect } from '@serialport/bindings-cpp';
import type { SerialBinding } from '../../electron/device/binding-types';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../electron/sim';

export interface SimPty {
  sim: Simulator;
  /** The pseudo-terminal path a serial port opens, e.g. /tmp/qpy-dev-xxxx/tty. */
  link: string;
  socat: ChildProcess;
  /** Kills socat: to the session it looks like the cable was pulled. */
  unplug(): void;
  close(): Promise<void>;
}

export const nativeBinding = (): SerialBinding => autoDetect() as unknown as SerialBinding;

/**
 * A simulated module behind a real pseudo-terminal: socat makes the pty and relays its bytes through its
 * stdin/stdout to the in-process simulator, so the device link goes through the real serialport binding.
 */
export const startSimPty = async (options: SimulatorOptions = {}): Promise<SimPty> => {
  const dir = await mkdtemp(join(tmpdir(), 'qpy-dev-'));
  const link = join(dir, 'tty');
  const sim = createSimulator(options);
  await sim.ready();
  const socat = spawn('socat', ['-b65536', `pty,raw,echo=0,link=${link}`, 'STDIO'], { stdio: ['pipe', 'pipe', 'ignore'] });
  sim.on('data', (bytes) => {
    if (socat.stdin?.writable) socat.stdin.write(bytes);
  });
  socat.stdout?.on('data', (chunk: Buffer) => sim.write(new Uint8Array(chunk)));
  socat.stdin?.on('error', () => undefined);
  const deadline = Date.now() + 5000;
  while (!existsSync(link)) {
    if (Date.now() > deadline || socat.exitCode !== null) throw new Error('socat did not create the pseudo-terminal');
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    sim,
    link,
    socat,
    unplug: () => socat.kill('SIGKILL'),
    close: async () => {
      if (socat.exitCode === null) {
        const exited = new Promise((r) => socat.once('exit', r));
        socat.kill('SIGKILL');
        await exited;
      }
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
};
