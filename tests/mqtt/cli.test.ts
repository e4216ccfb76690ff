import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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

const qpy = (args: string[], stdin?: Buffer): Run => {
  const child = spawn(process.execPath, [QPY, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
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
  if (stdin) child.stdin?.end(stdin);
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
