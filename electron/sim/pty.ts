import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { AppError } from '../../shared/errors';
import { createSimulator, type Simulator } from './simulator';
import type { SimulatorOptions } from './types';

export interface SimulatorPtyOptions extends SimulatorOptions {
  /** Path of the pseudo-terminal link to create (e.g. /tmp/ttyQPY). */
  link: string;
  /** socat executable. Default 'socat'. */
  socat?: string;
}

export interface SimulatorPty {
  /** The link path any serial program can open. */
  path: string;
  simulator: Simulator;
  close(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 10_000;

/**
 * Serves a simulated module on a pseudo-terminal: socat creates the pty (raw, no echo) and pumps its bytes through
 * our stdio to the simulator.
 */
export const startSimulatorPty = async ({
  link,
  socat = 'socat',
  ...options
}: SimulatorPtyOptions): Promise<SimulatorPty> => {
  if (existsSync(link)) {
    throw new AppError(
      'PORT_BUSY',
      `${link} already exists: stop the program that made it or choose another --link path.`,
    );
  }
  const child = spawn(socat, ['-d', '-d', `pty,link=${link},raw,echo=0`, 'STDIO'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let log = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new AppError('TIMEOUT', `socat did not create ${link} in time: ${log.trim()}`)),
      STARTUP_TIMEOUT_MS,
    );
    child.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('starting data transfer loop') && existsSync(link)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        new AppError(
          'PORT_ERROR',
          e.code === 'ENOENT'
            ? 'socat is not installed: install it (apt-get install socat) to serve the simulator on a pty.'
            : `socat failed: ${e.message}`,
        ),
      );
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new AppError('PORT_ERROR', `socat exited (${code}) before ${link} was ready: ${log.trim()}`));
    });
  });
  // the module powers on while socat makes the pty (a host may open it the moment it appears)
  const simulator = createSimulator(options);
  simulator.on('data', (bytes) => {
    if (child.stdin.writable) child.stdin.write(bytes);
  });
  child.stdout.on('data', (chunk: Buffer) => simulator.write(new Uint8Array(chunk)));
  child.stdin.on('error', () => {});
  try {
    await ready;
  } catch (e) {
    child.kill();
    await simulator.close();
    throw e;
  }
  await simulator.started();

  let closed = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    path: link,
    simulator,
    async close() {
      if (closed) return;
      closed = true;
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      await simulator.close();
    },
  };
};
