import { afterEach, describe, expect, it } from 'vitest';
import type { BrokerStatus } from '../../shared/api/mqtt';
import { withBackend } from '../shell/helpers';

const ui = { shell: 'web' as const, clientId: 'web-1' };

describe('the embedded broker from the UI binds loopback unless LAN access is on', () => {
  let ctx: Awaited<ReturnType<typeof withBackend>> | undefined;
  afterEach(async () => {
    await ctx?.backend.dispatch('brokerStop', {}, ui);
    await ctx?.dispose();
    ctx = undefined;
  });

  it('refuses 0.0.0.0 (and other non-loopback hosts) while the LAN setting is off', async () => {
    ctx = await withBackend();
    const settings = await ctx.backend.dispatch('settingsGet', {}, ui);
    expect(settings).toMatchObject({ ok: true, value: { brokerLan: false } });
    for (const host of ['0.0.0.0', '::', '192.168.1.20']) {
      const started = await ctx.backend.dispatch('brokerStart', { host, port: 0, wsPort: 0 }, ui);
      expect(started).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      if (!started.ok) expect(started.error.message).toMatch(/LAN/);
    }
    const loopback = await ctx.backend.dispatch('brokerStart', { host: '127.0.0.1', port: 0, wsPort: 0 }, ui);
    expect(loopback).toMatchObject({ ok: true, value: { state: 'running', host: '127.0.0.1' } });
  });

  it('binds 0.0.0.0 once the user turned LAN access on, and the setting is remembered', async () => {
    ctx = await withBackend();
    expect(await ctx.backend.dispatch('settingsUpdate', { brokerLan: true }, ui)).toMatchObject({
      ok: true,
      value: { brokerLan: true },
    });
    const started = await ctx.backend.dispatch('brokerStart', { host: '0.0.0.0', port: 0, wsPort: 0 }, ui);
    expect(started.ok).toBe(true);
    expect((started as { value: BrokerStatus }).value.host).toBe('0.0.0.0');
    const { createSettingsStore } = await import('../../electron/services/settings');
    expect((await createSettingsStore(ctx.dataDir)).get().brokerLan).toBe(true);
  });
});
