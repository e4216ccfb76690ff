import { describe, expect, it } from 'vitest';
import { cloudCalls } from '../../shared/api/cloud';
import { CloudEmulatorService } from '../../electron/cloud/emulator-service';
import { createCloudHandlers } from '../../electron/handlers/cloud';

const ctx = { shell: 'web' as const, clientId: 'test' };
const notUsed = {
  start: () => Promise.reject(new Error('not used')),
  restart: () => Promise.reject(new Error('not used')),
  status: () => ({ state: 'stopped' as const, host: '127.0.0.1', clients: 0, retainedCount: 0 }),
};
const handlers = createCloudHandlers({ emulators: new CloudEmulatorService(notUsed), now: () => Date.UTC(2024, 4, 1) });
const fields = { productId: '469948', deviceName: 'Chic_D', accessKey: 'rs2FaE5BuygJZkWKDA5okKt1RFpwOx53hbu6hwyCS4U=' };

describe('cloudGenerateScript endpoint (the emulated cloud)', () => {
  it('points the script at the given host and port, keeping the cloud’s credentials', async () => {
    const req = cloudCalls.cloudGenerateScript.request.parse({
      cloud: 'onenet',
      fields,
      endpoint: { host: '127.0.0.1', port: 41883, tls: false },
    });
    const r = await handlers.cloudGenerateScript(req, ctx);
    expect(r.credentials).toMatchObject({
      host: '127.0.0.1',
      port: 41883,
      tls: false,
      clientId: 'Chic_D',
      username: '469948',
    });
    expect(r.script).toContain("SERVER = '127.0.0.1'");
    expect(r.script).toContain('PORT = 41883');
    expect(r.script).not.toContain('mqtts.heclouds.com');
  });

  it('uses the cloud’s own host without an endpoint', async () => {
    const r = await handlers.cloudGenerateScript(
      cloudCalls.cloudGenerateScript.request.parse({ cloud: 'onenet', fields }),
      ctx,
    );
    expect(r.credentials).toMatchObject({ host: 'mqtts.heclouds.com', port: 1883 });
  });

  it('refuses an endpoint without a valid port', () => {
    const parsed = cloudCalls.cloudGenerateScript.request.safeParse({
      cloud: 'onenet',
      fields,
      endpoint: { host: '127.0.0.1', port: 0, tls: false },
    });
    expect(parsed.success).toBe(false);
  });
});
