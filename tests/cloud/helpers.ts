import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';

export interface TestBroker {
  aedes: Aedes;
  port: number;
  close(): Promise<void>;
}

/** A real aedes broker on a free port, closed with every socket in close(). */
export const startBroker = async (configure?: (aedes: Aedes) => void): Promise<TestBroker> => {
  const aedes = await Aedes.createBroker();
  configure?.(aedes);
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
    aedes.handle(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    aedes,
    port,
    async close() {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

export interface Connected {
  client: MqttClient;
  messages: Array<{ topic: string; payload: string }>;
  next(topicPrefix: string, timeoutMs?: number): Promise<{ topic: string; payload: string }>;
}

/** Connects with MQTT.js; resolves with the client or rejects with the CONNACK code as `code`. */
export const connect = (port: number, opts: IClientOptions): Promise<Connected> =>
  new Promise((resolve, reject) => {
    const client = mqtt.connect({
      host: '127.0.0.1',
      port,
      protocolVersion: 4,
      reconnectPeriod: 0,
      connectTimeout: 5000,
      ...opts,
    });
    const messages: Array<{ topic: string; payload: string }> = [];
    const waiters: Array<{ prefix: string; resolve: (m: { topic: string; payload: string }) => void }> = [];
    client.on('message', (topic, payload) => {
      const m = { topic, payload: payload.toString('utf8') };
      messages.push(m);
      for (const w of [...waiters]) {
        if (topic.startsWith(w.prefix)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    });
    client.once('connect', () =>
      resolve({
        client,
        messages,
        next: (prefix, timeoutMs = 3000) =>
          new Promise((res, rej) => {
            const seen = messages.find((m) => m.topic.startsWith(prefix));
            if (seen) {
              messages.splice(messages.indexOf(seen), 1);
              return res(seen);
            }
            const timer = setTimeout(() => rej(new Error(`no message on ${prefix} within ${timeoutMs} ms`)), timeoutMs);
            waiters.push({
              prefix,
              resolve: (m) => {
                clearTimeout(timer);
                messages.splice(messages.indexOf(m), 1);
                res(m);
              },
            });
          }),
      }),
    );
    client.once('error', (e) => {
      client.end(true);
      reject(e);
    });
  });

export const refusalCode = async (port: number, opts: IClientOptions): Promise<number | undefined> => {
  try {
    const c = await connect(port, opts);
    await c.client.endAsync();
    return 0;
  } catch (e) {
    return (e as { code?: number }).code;
  }
};

/** The SUBACK return code: 0–2 granted QoS, 128 refused. */
export const subscribeCode = async (client: MqttClient, filter: string): Promise<number> => {
  try {
    const granted = await client.subscribeAsync(filter, { qos: 0 });
    return granted[0]!.qos;
  } catch (e) {
    const packet = (e as { packet?: { granted?: number[] } }).packet;
    if (packet?.granted?.[0] !== undefined) return packet.granted[0];
    throw e;
  }
};

export const waitClosed = (client: MqttClient, timeoutMs = 3000): Promise<void> =>
  new Promise((resolve, reject) => {
    if (!client.connected) return resolve();
    const timer = setTimeout(() => reject(new Error('client was not disconnected')), timeoutMs);
    client.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
