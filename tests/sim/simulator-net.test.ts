import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../electron/sim';
import { startAedes } from './brokers';
import { Collector } from './helpers';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Echoes every byte, alternating an immediate answer with one a tick later, so answers land at every moment. */
const startEcho = async (): Promise<number> => {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    let n = 0;
    s.on('data', (chunk) => {
      n += 1;
      if (n % 3 === 0) s.write(chunk);
      else if (n % 3 === 1) setImmediate(() => s.write(chunk));
      else setTimeout(() => s.write(chunk), 0);
    });
    s.on('error', () => undefined);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return (server.address() as AddressInfo).port;
};

const ROUND_TRIPS = 600;

describe('usocket on the simulated module', () => {
  it('never misses the wake-up of data that arrives between a recv and the wait (blocking round trips)', async () => {
    const port = await startEcho();
    const script = [
      'import usocket',
      's = usocket.socket()',
      "s.connect(usocket.getaddrinfo('echo.example', 7)[0][-1])",
      'ok = 0',
      `for i in range(${ROUND_TRIPS}):`,
      "    s.write(b'x')",
      "    if s.read(1) == b'x':",
      '        ok += 1',
      "print('round trips', ok)",
      's.close()',
    ].join('\n');
    const sim: Simulator = createSimulator({
      latencyMs: 0,
      files: { '/usr/main.py': script },
      networkRedirect: () => ({ host: '127.0.0.1', port }),
    });
    cleanups.push(() => sim.close());
    const out = new Collector(sim);
    // A lost wake-up blocks read(1) forever (no timeout is set), so the count never prints.
    expect(await out.until(/round trips \d+\r\n/, 30_000)).toContain(`round trips ${ROUND_TRIPS}\r\n`);
  }, 40_000);

  it('wakes a socket wait with a timeout as soon as data arrives, not at the deadline', async () => {
    const port = await startEcho();
    const script = [
      'import usocket, utime',
      's = usocket.socket()',
      "s.connect(('echo.example', 7))",
      's.settimeout(5)',
      'worst = 0',
      'for i in range(100):',
      '    t = utime.ticks_ms()',
      "    s.write(b'y')",
      '    s.read(1)',
      '    worst = max(worst, utime.ticks_diff(utime.ticks_ms(), t))',
      "print('worst', worst)",
      's.close()',
    ].join('\n');
    const sim = createSimulator({
      latencyMs: 0,
      files: { '/usr/main.py': script },
      networkRedirect: () => ({ host: '127.0.0.1', port }),
    });
    cleanups.push(() => sim.close());
    const out = new Collector(sim);
    const line = await out.until(/worst \d+\r\n/, 30_000);
    // A missed wake-up shows as one round trip that lasts the whole 5 s timeout; woken by the data, each takes ms.
    expect(Number(/worst (\d+)/.exec(line)?.[1])).toBeLessThan(4000);
  }, 40_000);

  it('umqtt publish returns True like the firmware once a QoS 0 message is sent or a QoS 1 one acknowledged', async () => {
    const broker = await startAedes();
    cleanups.push(() => broker.close());
    const script = [
      'from umqtt import MQTTClient',
      "c = MQTTClient('pub-test', 'broker.example', keepalive=30)",
      'c.connect()',
      "print('qos0', c.publish('t/a', 'x'))",
      "print('qos1', c.publish('t/a', 'y', qos=1))",
      'try:',
      "    c.publish('t/a', 'z', qos=2)",
      'except Exception as e:',
      "    print('qos2', e)",
      'c.disconnect()',
    ].join('\n');
    const sim = createSimulator({
      latencyMs: 0,
      files: { '/usr/main.py': script },
      networkRedirect: () => ({ host: '127.0.0.1', port: broker.port }),
    });
    cleanups.push(() => sim.close());
    const out = new Collector(sim);
    expect(await out.until(/qos2 .*\r\n/, 20_000)).toContain(
      'qos0 True\r\nqos1 True\r\nqos2 QoS 2 is not supported\r\n',
    );
  }, 30_000);
});
