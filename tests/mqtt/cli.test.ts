import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, closeSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeCredentials } from '../../shared/cloud';
import { refusalCode } from '../cloud/helpers';
import { BrokerService } from '../../electron/broker/broker-service';
import { makeTempDir, options, recordingManager, text, waitFor } from './helpers';
import { startMosquitto } from './mosquitto';

const QPY = fileURLToPath(new URL('../../bin/qpy.mjs', import.meta.url));

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

const qpy = (args: string[], stdin?: Buffer | number, env?: Record<string, string>): Run => {
  const child = spawn(process.execPath, [QPY, ...args], {
    stdio: [typeof stdin === 'number' ? stdin : 'pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exit;
    }
  });
  if (Buffer.isBuffer(stdin)) child.stdin?.end(stdin);
  else child.stdin?.end();
  return { child, stdout: () => out, stderr: () => err, exit };
};

const startBroker = async (configure?: ConstructorParameters<typeof BrokerService>[0]['configure']) => {
  const dataDir = await makeTempDir(cleanups);
  const broker = new BrokerService({ dataDir, port: 0, ...(configure ? { configure } : {}) });
  const status = await broker.start();
  cleanups.push(async () => void (await broker.stop()));
  return { broker, port: String(status.port) };
};

describe('qpy mqtt sub / pub (child processes)', () => {
  it('subscribes, receives text and binary messages as JSON lines, and exits after -C', async () => {
    const { broker, port } = await startBroker();
    const subscribed = new Promise<void>((resolve) =>
      broker.aedes!.on('subscribe', (subs) => subs.some((s) => s.topic === 'cli/#') && resolve()),
    );
    const sub = qpy(['mqtt', 'sub', '-h', '127.0.0.1', '-p', port, '-t', 'cli/#', '-q', '1', '-C', '2', '--json']);
    await subscribed;
    const pub1 = qpy(['mqtt', 'pub', '-h', '127.0.0.1', '-p', port, '-t', 'cli/text', '-m', 'héllo', '-q', '1']);
    expect(await pub1.exit).toBe(0);
    const pub2 = qpy(
      ['mqtt', 'pub', '-h', '127.0.0.1', '-p', port, '-t', 'cli/bin', '-s', '-r'],
      Buffer.from([0, 255, 1]),
    );
    expect(await pub2.exit).toBe(0);
    expect(await sub.exit).toBe(0);
    const lines = sub
      .stdout()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ topic: 'cli/text', payload: 'héllo', qos: 1, retain: false });
    expect(lines[1]).toMatchObject({ topic: 'cli/bin', payload: 'AP8B', encoding: 'base64', qos: 0 });
    expect(Number.isNaN(Date.parse(String(lines[0]!.time)))).toBe(false);
  });

  it('exits 2 with the reason on stderr when the broker refuses the password', async () => {
    const { port } = await startBroker((aedes) => {
      aedes.authenticate = (_c, _u, password, done) =>
        password?.toString() === 'good'
          ? done(null, true)
          : done(Object.assign(new Error('no'), { returnCode: 4 }), false);
    });
    const pub = qpy([
      'mqtt',
      'pub',
      '-h',
      '127.0.0.1',
      '-p',
      port,
      '-t',
      'x',
      '-m',
      '1',
      '-u',
      'dev',
      '-P',
      'bad-secret',
    ]);
    expect(await pub.exit).toBe(2);
    expect(pub.stderr()).toContain('Bad user name or password');
    expect(pub.stderr()).not.toContain('bad-secret');
    const ok = qpy(['mqtt', 'pub', '-h', '127.0.0.1', '-p', port, '-t', 'x', '-m', '1', '-u', 'dev', '-P', 'good']);
    expect(await ok.exit).toBe(0);
  });

  it('exits 3 when -W expires and 1 when nothing listens; rejects a wildcard publish topic', async () => {
    const { broker, port } = await startBroker();
    const sub = qpy(['mqtt', 'sub', '-h', '127.0.0.1', '-p', port, '-t', 'quiet', '-W', '1']);
    expect(await sub.exit).toBe(3);
    expect(sub.stderr()).toContain('timed out after 1 s');
    const wild = qpy(['mqtt', 'pub', '-h', '127.0.0.1', '-p', port, '-t', 'a/+', '-m', 'x']);
    expect(await wild.exit).toBe(1);
    expect(wild.stderr()).toContain('wildcard');
    await broker.stop();
    const dead = qpy(['mqtt', 'pub', '-h', '127.0.0.1', '-p', port, '-t', 'a', '-m', 'x']);
    expect(await dead.exit).toBe(1);
    expect(dead.stderr()).toContain('Nothing accepts connections');
  });

  it('interoperates with Mosquitto using MQTT 5 (-V 5)', async () => {
    const dir = await makeTempDir(cleanups);
    const mosq = await startMosquitto({ dir });
    cleanups.push(() => mosq.stop());
    const port = String(mosq.port);
    const sub = qpy(['mqtt', 'sub', '-h', '127.0.0.1', '-p', port, '-V', '5', '-t', 'm/#', '-C', '1', '-v']);
    // Retained so the order of subscribe and publish does not matter.
    const pub = qpy([
      'mqtt',
      'pub',
      '-h',
      '127.0.0.1',
      '-p',
      port,
      '-V',
      '5',
      '-t',
      'm/1',
      '-m',
      'from-cli',
      '-r',
      '-q',
      '2',
    ]);
    expect(await pub.exit).toBe(0);
    expect(await sub.exit).toBe(0);
    expect(sub.stdout().trim()).toBe('m/1 from-cli');
  });
});

/** A real terminal for a child's stdin: socat makes a pseudo-terminal pair and we open its slave side. */
const openTerminal = async (dir: string): Promise<number> => {
  const link = join(dir, 'tty');
  const socat = spawn('socat', [`pty,raw,echo=0,link=${link}`, 'STDIO'], { stdio: ['pipe', 'ignore', 'ignore'] });
  const exited = new Promise((r) => socat.once('exit', r));
  cleanups.push(async () => {
    socat.kill('SIGKILL');
    await exited;
  });
  await waitFor(() => existsSync(link) || socat.exitCode !== null, 'socat pty', 10_000);
  const fd = openSync(link, 'r+');
  cleanups.push(async () => closeSync(fd));
  return fd;
};

const goodPasswordBroker = () =>
  startBroker((aedes) => {
    aedes.authenticate = (_c, _u, password, done) =>
      password?.toString() === 'good'
        ? done(null, true)
        : done(Object.assign(new Error('no'), { returnCode: 4 }), false);
  });

describe('qpy mqtt secrets off the command line (not visible in ps)', () => {
  const pub = (port: string, extra: string[], stdin?: Buffer | number, env?: Record<string, string>) =>
    qpy(['mqtt', 'pub', '-h', '127.0.0.1', '-p', port, '-t', 'x', '-m', '1', '-u', 'dev', ...extra], stdin, env);

  it('reads the password from stdin (-P -), a file (--password-file) or QPY_MQTT_PASSWORD', async () => {
    const { port } = await goodPasswordBroker();
    const dir = await makeTempDir(cleanups);
    await writeFile(join(dir, 'good'), 'good\n');
    await writeFile(join(dir, 'bad'), 'bad\n');
    const runs = [
      pub(port, ['-P', '-'], Buffer.from('good\n')),
      pub(port, ['-P', '-'], Buffer.from('bad\n')),
      pub(port, ['--password-file', join(dir, 'good')]),
      pub(port, ['--password-file', join(dir, 'bad')]),
      pub(port, [], undefined, { QPY_MQTT_PASSWORD: 'good' }),
      pub(port, [], undefined, { QPY_MQTT_PASSWORD: 'bad' }),
      // The flag wins over the environment.
      pub(port, ['-P', 'good'], undefined, { QPY_MQTT_PASSWORD: 'bad' }),
    ];
    const codes = await Promise.all(runs.map((r) => r.exit));
    expect(codes).toEqual([0, 2, 0, 2, 0, 2, 0]);
    for (const r of runs) expect(r.stderr()).not.toMatch(/good|bad\b/);
    const sub = qpy(
      ['mqtt', 'sub', '-h', '127.0.0.1', '-p', port, '-t', 'q', '-W', '1', '-u', 'dev', '-P', '-'],
      Buffer.from('good'),
    );
    // Past the login: it waits for messages and times out (3), not refused (2).
    expect(await sub.exit).toBe(3);
  }, 120_000);

  it('says what to fix when the password file is missing, stdin is a terminal, or stdin is taken by -s', async () => {
    const { port } = await goodPasswordBroker();
    const dir = await makeTempDir(cleanups);
    const missing = pub(port, ['--password-file', join(dir, 'nope')]);
    expect(await missing.exit).toBe(1);
    expect(missing.stderr()).toContain(
      `cannot read the password file ${join(dir, 'nope')} (--password-file): no such file`,
    );
    const both = pub(port, ['-P', 'good', '--password-file', join(dir, 'nope')]);
    expect(await both.exit).toBe(1);
    expect(both.stderr()).toContain('give the password once');
    const terminal = pub(port, ['-P', '-'], await openTerminal(dir));
    expect(await terminal.exit).toBe(1);
    expect(terminal.stderr()).toContain('nothing is piped in (it is a terminal)');
    expect(terminal.stderr()).toContain('--password-file FILE or QPY_MQTT_PASSWORD');
    const empty = pub(port, ['-P', '-'], Buffer.from('\n'));
    expect(await empty.exit).toBe(1);
    expect(empty.stderr()).toContain('read an empty password');
    const clash = qpy(['mqtt', 'pub', '-h', '127.0.0.1', '-p', port, '-t', 'x', '-s', '-P', '-'], Buffer.from('good'));
    expect(await clash.exit).toBe(4);
    expect(clash.stderr()).toContain('cannot carry both the message (-s) and the password (-P -)');
  }, 120_000);
});

describe('qpy broker (child process)', () => {
  it('prints where it listens, serves MQTT and WebSocket, and stops on SIGTERM', async () => {
    const dir = await makeTempDir(cleanups);
    const run = qpy(['broker', '--port', '0', '--ws-port', '0', '--data', dir]);
    const out = await waitFor(
      () => (run.stdout().includes('Ctrl-C') ? run.stdout() : undefined),
      'broker banner',
      15_000,
    );
    const port = Number(/mqtt:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
    const wsPort = Number(/ws:\/\/127\.0\.0\.1:(\d+)\/mqtt/.exec(out)?.[1]);
    expect(port).toBeGreaterThan(0);
    expect(wsPort).toBeGreaterThan(0);
    const rec = recordingManager();
    cleanups.push(() => rec.manager.closeAll());
    const tcp = await rec.manager.open(options({ port }));
    const ws = await rec.manager.open(options({ port: wsPort, transport: 'ws' }));
    expect([tcp.state, ws.state]).toEqual(['connected', 'connected']);
    await rec.manager.get(ws.sessionId).subscribe('b/#', 0);
    await rec.manager.publish(tcp.sessionId, {
      topic: 'b/1',
      payload: 'tcp→ws',
      format: 'text',
      qos: 0,
      retain: false,
    });
    await waitFor(() => rec.records(ws.sessionId, 'in').some((r) => text(r.payload) === 'tcp→ws'), 'message across');
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
  });
});

describe('qpy broker --cloud: the device spec off the command line', () => {
  const startCloud = async (extra: string[], stdin?: Buffer, env?: Record<string, string>) => {
    const dir = await makeTempDir(cleanups);
    const run = qpy(['broker', '--port', '0', '--data', dir, '--cloud', 'huawei', ...extra], stdin, env);
    const out = await waitFor(
      () => (run.stdout().includes('Ctrl-C') || run.child.exitCode !== null ? run.stdout() : undefined),
      'broker banner',
      20_000,
    );
    return { run, port: Number(/mqtt:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]) };
  };
  const accepts = async (port: number) => {
    const c = computeCredentials('huawei', { deviceId: 'p_dev', secret: 'se/cret' }, Date.now());
    return refusalCode(port, { clientId: c.clientId, username: c.username, password: c.password, keepalive: 60 });
  };

  it('takes the spec from stdin (--device -), --device-file or QPY_CLOUD_DEVICE', async () => {
    const dir = await makeTempDir(cleanups);
    await writeFile(join(dir, 'spec'), 'p_dev/se/cret\n');
    const fromStdin = await startCloud(['--device', '-'], Buffer.from('p_dev/se/cret\n'));
    const fromFile = await startCloud(['--device-file', join(dir, 'spec')]);
    const fromEnv = await startCloud([], undefined, { QPY_CLOUD_DEVICE: 'p_dev/se/cret' });
    for (const { run, port } of [fromStdin, fromFile, fromEnv]) {
      expect(run.stdout()).toContain('Cloud emulator: huawei emulator');
      expect(await accepts(port)).toBe(0);
      run.child.kill('SIGTERM');
      expect(await run.exit).toBe(0);
    }
  }, 120_000);

  it('says what to fix when the device file is missing or no spec is given', async () => {
    const dir = await makeTempDir(cleanups);
    const missing = qpy(['broker', '--port', '0', '--data', dir, '--cloud', 'huawei', '--device-file', join(dir, 'x')]);
    expect(await missing.exit).toBe(1);
    expect(missing.stderr()).toContain(
      `cannot read the device spec file ${join(dir, 'x')} (--device-file): no such file`,
    );
    const none = qpy(['broker', '--port', '0', '--data', dir, '--cloud', 'huawei']);
    expect(await none.exit).toBe(1);
    expect(none.stderr()).toContain('QPY_CLOUD_DEVICE');
  }, 60_000);
});
