import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const QPY = fileURLToPath(new URL('../../bin/qpy.mjs', import.meta.url));
const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

interface Proc {
  child: ChildProcess;
  out: () => string;
  until(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  exited: Promise<number | null>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const qpy = (args: string[]): Proc => {
  const child = spawn(process.execPath, [QPY, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const waiters: (() => void)[] = [];
  const onData = (chunk: Buffer): void => {
    text += chunk.toString();
    waiters.splice(0).forEach((w) => w());
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const proc: Proc = {
    child,
    out: () => text,
    exited,
    until: async (pattern, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = pattern.exec(text);
        if (m) return m;
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`no ${String(pattern)} in the output of qpy ${args.join(' ')}:\n${text}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 500);
        });
      }
    },
  };
  cleanups.push(async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  });
  return proc;
};

describe('qpy sim --redirect-clouds against a real qpy broker --cloud', () => {
  it('runs the seed aLiYun sample unmodified: its cloud host reaches the emulated Alibaba Cloud', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qpy-sim-redirect-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'fs', 'usr'), { recursive: true });
    writeFileSync(join(dir, 'fs', 'usr', 'main.py'), fixture('aliyun_thread_sysbus.py'));
    const broker = qpy([
      'broker',
      '--port',
      '0',
      '--data',
      join(dir, 'broker'),
      '--cloud',
      'aliyun',
      '--device',
      'a1llZotKkCm/Chic_001/DeviceSecretFromTheCloud/mj7qKfEn73y07gyK',
    ]);
    const port = (await broker.until(/listening on mqtt:\/\/127\.0\.0\.1:(\d+)/))[1] ?? '';
    const sim = qpy([
      'sim',
      '--link',
      join(dir, 'tty'),
      '--fs',
      join(dir, 'fs'),
      '--redirect-clouds',
      `127.0.0.1:${port}`,
    ]);
    await sim.until(/Simulated EC600N/);
    // dynamic registration with the product secret, then the MQTT login with the secret the cloud handed out
    await broker.until(/\[aliyun\] register .*topic=\/ext\/register/);
    await broker.until(/\[aliyun\] connect\.accepted client=clientID\|securemode=3/);
    // the thread's sys_bus publisher reaches the cloud
    await broker.until(/\[aliyun\] \S+ client=clientID\S* topic=\/broadcast\/a1llZotKkCm\/123/);
  }, 90_000);

  it('refuses a malformed --redirect and names the form to use', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qpy-sim-redirect-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const sim = qpy(['sim', '--link', join(dir, 'tty'), '--redirect', 'mqtts.heclouds.com:1883']);
    expect(await sim.exited).not.toBe(0);
    expect(sim.out()).toContain('is not HOST[:PORT]=HOST:PORT');
  }, 30_000);
});
