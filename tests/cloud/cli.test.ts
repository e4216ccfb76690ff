import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { computeCredentials } from '../../shared/cloud';
import { refusalCode } from './helpers';

const run = promisify(execFile);
const QPY = join(process.cwd(), 'bin/qpy.mjs');
const qpy = async (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  try {
    const r = await run(process.execPath, [QPY, ...args], { timeout: 30_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
};

let child: ChildProcess | undefined;
let dir: string | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  child = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('qpy cred (child process)', () => {
  it('prints the OneNET seed token as JSON with an explicit expiry', async () => {
    const r = await qpy([
      'cred',
      'onenet',
      '--product-id',
      '469948',
      '--device-name',
      'Chic_D',
      '--key',
      'rs2FaE5BuygJZkWKDA5okKt1RFpwOx53hbu6hwyCS4U=',
      '--method',
      'sha1',
      '--expires-at',
      '4102444800',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const expected = computeCredentials(
      'onenet',
      {
        productId: '469948',
        deviceName: 'Chic_D',
        accessKey: 'rs2FaE5BuygJZkWKDA5okKt1RFpwOx53hbu6hwyCS4U=',
        method: 'sha1',
        expiresAt: '4102444800',
      },
      Date.now(),
    );
    expect(out).toMatchObject({
      host: 'mqtts.heclouds.com',
      port: 1883,
      tls: false,
      clientId: 'Chic_D',
      username: '469948',
      password: expected.password,
      expiresAt: 4102444800,
    });
    expect(out.topics.length).toBeGreaterThan(5);
  });

  it("reproduces the OneNET guide's token with its own et (2023) and warns on stderr that it has expired", async () => {
    const r = await qpy([
      'cred',
      'onenet',
      '--product-id',
      '469948',
      '--device-name',
      'Chic_D',
      '--key',
      'rs2FaE5BuygJZkWKDA5okKt1RFpwOx53hbu6hwyCS4U=',
      '--method',
      'sha1',
      '--et',
      '1673053248',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).password).toBe(
      'version=2018-10-31&res=products%2F469948%2Fdevices%2FChic_D&et=1673053248&method=sha1&sign=prIMDQ23WFI6PMj2IWpaRJJL4eE%3D',
    );
    expect(r.stderr).toBe(
      'warning: the password expired on 2023-01-07T01:00:48.000Z: the cloud will refuse it (pick a later expiry to connect).\n',
    );
  });

  it('qpy cred check decodes the guide token, verifies it with the key, and diagnoses a one-character change', async () => {
    const token =
      'version=2018-10-31&res=products%2F469948%2Fdevices%2FChic_D&et=1673053248&method=sha1&sign=prIMDQ23WFI6PMj2IWpaRJJL4eE%3D';
    const args = ['cred', 'check', '--cloud', 'onenet', '--client-id', 'Chic_D', '--username', '469948'];
    const good = await qpy([...args, '--password', token, '--secret', 'rs2FaE5BuygJZkWKDA5okKt1RFpwOx53hbu6hwyCS4U=']);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(
      /^password\.et +1673053248 +\(2023-01-07T01:00:48\.000Z: expired, the cloud will refuse it\)$/m,
    );
    expect(good.stdout).toMatch(/^Signature +the secret reproduces the password$/m);
    expect(good.stderr).toContain('warning: the password expired on 2023-01-07T01:00:48.000Z');
    const changed = await qpy([
      ...args,
      '--password',
      token.replace('devices%2FChic_D', 'devices%2Fchic_d'),
      '--secret',
      'rs2FaE5BuygJZkWKDA5okKt1RFpwOx53hbu6hwyCS4U=',
      '--json',
    ]);
    expect(changed.code).toBe(1);
    expect(JSON.parse(changed.stdout)).toMatchObject({
      signature: 'invalid',
      diagnosis: {
        input: 'deviceName',
        message: { en: "the password matches if the device name is 'Chic_D' instead of 'chic_d'" },
      },
    });
    const unchecked = await qpy([...args, '--password', token]);
    expect(unchecked.code).toBe(0);
    expect(unchecked.stdout).toMatch(/^Signature +not checked \(give --secret to verify it\)$/m);
  });

  it('prints a readable Aliyun table with the documented vector, and Huawei JSON with the documented password', async () => {
    const ali = await qpy([
      'cred',
      'aliyun',
      '--product-key',
      'pk',
      '--device-name',
      'device',
      '--device-secret',
      'secret',
      '--client-id',
      '12345',
      '--timestamp',
      '789',
      '--sign-method',
      'hmacsha1',
      '--secure-mode',
      '3',
    ]);
    expect(ali.code).toBe(0);
    expect(ali.stdout).toMatch(/Client ID\s+12345\|securemode=3,signmethod=hmacsha1,timestamp=789\|/);
    expect(ali.stdout).toMatch(/Password\s+fafd82a3d602b37fb0fa8b7892f24a477f851a14/);
    expect(ali.stdout).toContain('/sys/pk/device/thing/event/property/post');
    const hw = await qpy([
      'cred',
      'huawei',
      '--device-id',
      'p_dev',
      '--secret',
      '12345678',
      '--timestamp',
      '2025041401',
      '--check-timestamp',
      '--json',
    ]);
    expect(JSON.parse(hw.stdout)).toMatchObject({
      clientId: 'p_dev_0_1_2025041401',
      password: 'c75150e6cb841417396819e4d2ee4358a416344a03a083e3a8567074ddec820a',
      port: 8883,
    });
  });

  it('fails with exit code 1 and says which field is wrong', async () => {
    const r = await qpy(['cred', 'huawei', '--device-id', 'p_dev', '--secret', 's', '--timestamp', '2025-04-14']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Huawei timestamp is UTC YYYYMMDDHH');
    const t = await qpy(['cred', 'tencent', '--product-id', 'L4WG9V9M2M', '--device-name', 'd', '--psk', 'bad psk']);
    expect(t.code).toBe(1);
    expect(t.stderr).toContain('Device secret must be base64');
  });

  it('qpy broker --cloud huawei --device SPEC accepts the wizard output and refuses a wrong secret', async () => {
    dir = await mkdtemp(join(tmpdir(), 'qpy-cli-broker-'));
    const proc = spawn(
      process.execPath,
      [QPY, 'broker', '--port', '0', '--data', dir, '--cloud', 'huawei', '--device', 'p_dev/se/cret'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    let out = '';
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`broker did not start: ${out}`)), 20_000);
      proc.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /mqtt:\/\/[^:]+:(\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
    });
    expect(out).toContain('Cloud emulator: huawei emulator');
    const c = computeCredentials('huawei', { deviceId: 'p_dev', secret: 'se/cret' }, Date.now());
    expect(
      await refusalCode(port, { clientId: c.clientId, username: c.username, password: c.password, keepalive: 60 }),
    ).toBe(0);
    const wrong = computeCredentials('huawei', { deviceId: 'p_dev', secret: 'se/creT' }, Date.now());
    expect(
      await refusalCode(port, {
        clientId: wrong.clientId,
        username: wrong.username,
        password: wrong.password,
        keepalive: 60,
      }),
    ).toBe(4);
  });
});
