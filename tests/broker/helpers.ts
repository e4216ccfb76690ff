import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { BrokerService, type BrokerServiceOptions } from '../../electron/broker/broker-service';

export interface BrokerFixture {
  broker: BrokerService;
  dir: string;
  port: number;
  wsPort: number;
  logs: string[];
  dispose(): Promise<void>;
}

/** A real embedded broker on free TCP and WebSocket ports, with its log lines collected. */
export const startTestBroker = async (options: Partial<BrokerServiceOptions> = {}): Promise<BrokerFixture> => {
  const dir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'qpy-broker-')));
  const logs: string[] = [];
  const broker = new BrokerService({ port: 0, wsPort: 0, log: (line) => logs.push(line), ...options, dataDir: dir });
  const status = await broker.start();
  return {
    broker,
    dir,
    port: status.port!,
    wsPort: status.wsPort!,
    logs,
    async dispose() {
      await broker.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
};

/** Connects with MQTT.js (TCP by default); rejects on a refused or failed connection. */
export const connectClient = (url: string, options: IClientOptions = {}): Promise<MqttClient> =>
  new Promise((resolve, reject) => {
    const client = mqtt.connect(url, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 10_000, ...options });
    client.once('connect', () => resolve(client));
    client.once('error', (e) => {
      client.end(true);
      reject(e);
    });
    client.once('close', () => reject(new Error('closed before CONNACK')));
  });

/** Resolves when the broker closes the client's connection. */
export const closedByBroker = (client: MqttClient, timeoutMs = 20_000): Promise<void> =>
  new Promise((resolve, reject) => {
    if (!client.connected) return resolve();
    const timer = setTimeout(() => reject(new Error('the broker did not close the connection')), timeoutMs);
    client.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
