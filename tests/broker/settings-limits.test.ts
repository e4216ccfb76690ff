import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BrokerStatus } from '../../shared/api/mqtt';
import { createBackend, type Backend } from '../../electron/backend';
import { DEFAULT_BROKER_LIMITS } from '../../electron/broker/broker-limits';
import { createSettingsStore } from '../../electron/services/settings';
import { closedByBroker, connectClient } from './helpers';

let dir: string | undefined;
let backend: Backend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('broker limits in settings.json', () => {
  it('defaults to 16 MiB messages, 10,000 retained, 256 MiB retained; a bad value falls back alone', async () => {
    dir = await mkdtemp(join(tmpdir(), 'qpy-limits-'));
    expect((await createSettingsStore(dir)).get().broker).toEqual({
      maxMessageBytes: 16 * 1024 * 1024,
      maxRetainedMessages: 10_000,
      maxRetainedBytes: 256 * 1024 * 1024,
    });
    await writeFile(
      join(dir, 'settings.json'),
      JSON.stringify({ recentPorts: ['/tmp/ttyA'], broker: { maxMessageBytes: 4096, maxRetainedMessages: 'lots' } }),
    );
    const store = await createSettingsStore(dir);
    expect(store.get()).toEqual({
      recentPorts: ['/tmp/ttyA'],
      brokerLan: false,
      broker: { ...DEFAULT_BROKER_LIMITS, maxMessageBytes: 4096 },
    });
  });

  it("the app's embedded broker applies them", async () => {
    dir = await mkdtemp(join(tmpdir(), 'qpy-limits-'));
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ broker: { maxMessageBytes: 4096 } }));
    backend = await createBackend({
      shell: 'web',
      dataDir: dir,
      listPorts: async () => [],
      broker: { port: 0, wsPort: 0 },
    });
    const status = await backend.dispatch('brokerStatus', {}, { shell: 'web', clientId: 't' });
    const port = status.ok ? (status.value as BrokerStatus).port : undefined;
    if (port === undefined) throw new Error('broker did not start');
    const client = await connectClient(`mqtt://127.0.0.1:${port}`);
    await client.publishAsync('small', Buffer.alloc(4096), { qos: 1 });
    const closed = closedByBroker(client);
    client.publish('big', Buffer.alloc(4097), { qos: 1 });
    await closed;
    client.end(true);
  });
});
