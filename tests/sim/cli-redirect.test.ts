import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { qpy as startQpy, seedCloudAndModule } from './qpy-process';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const qpy = (args: string[]) => startQpy(args, cleanups);

describe('qpy sim --redirect-clouds against a real qpy broker --cloud', () => {
  it('runs the seed aLiYun sample unmodified: its cloud host reaches the emulated Alibaba Cloud', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qpy-sim-redirect-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'fs', 'usr'), { recursive: true });
    writeFileSync(join(dir, 'fs', 'usr', 'main.py'), fixture('aliyun_thread_sysbus.py'));
    const { broker } = await seedCloudAndModule(dir, cleanups);
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
