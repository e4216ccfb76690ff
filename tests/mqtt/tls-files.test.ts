import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalGrant } from '../../shared/api/local';
import type { ProfileView, SessionStatus } from '../../shared/api/mqtt';
import type { CallName, CallResponse } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { withBackend } from '../shell/helpers';
import { makeTestCertificates, startMosquitto, type Mosquitto } from './mosquitto';

const web = { shell: 'web' as const, clientId: 'web-1' };
type Ctx = Awaited<ReturnType<typeof withBackend>>;

/** A call as the UI would make it, with its typed result (raw `dispatch` for requests the contract refuses). */
const call = <K extends CallName>(ctx: Ctx, name: K, request: unknown): Promise<Result<CallResponse<K>>> =>
  ctx.backend.dispatch(name, request, web) as Promise<Result<CallResponse<K>>>;

/** Picks `path` the way browser mode's picker does: a pick session, then the user's choice. */
const pickFile = async (ctx: Ctx, path: string): Promise<LocalGrant> => {
  const started = await call(ctx, 'localPick', { kind: 'file', purpose: 'TLS file' });
  if (!started.ok || started.value.state !== 'picking') throw new Error(`no pick session: ${JSON.stringify(started)}`);
  const chosen = await call(ctx, 'localPickChoose', { pick: started.value.pick, path });
  if (!chosen.ok || chosen.value.state !== 'granted') throw new Error(`not granted: ${JSON.stringify(chosen)}`);
  return chosen.value.grant;
};

const tlsProfile = (port: number, extra: Record<string, unknown> = {}) => ({
  name: `TLS ${port}`,
  connection: { host: '127.0.0.1', port, transport: 'mqtts' as const, tls: { allowInsecure: false } },
  ...extra,
});

describe('TLS files come from the picker, and profiles keep their text', () => {
  let ctx: Ctx;
  let dir: string;
  let certs: ReturnType<typeof makeTestCertificates>;
  let broker: Mosquitto;
  beforeAll(async () => {
    ctx = await withBackend();
    dir = await mkdtemp(join(tmpdir(), 'qpy-tls-'));
    certs = makeTestCertificates(dir);
    broker = await startMosquitto({ dir, tls: certs });
  }, 60_000);
  afterAll(async () => {
    await broker?.stop();
    await ctx?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['mqttConnect options', 'mqttConnect', { options: { host: 'h', port: 8883, tls: { caFile: '/etc/passwd' } } }],
    [
      'a saved CA path',
      'profileSave',
      tlsProfile(1, { connection: { host: 'h', port: 1, tls: { caFile: '/etc/passwd' } } }),
    ],
    [
      'a saved cert path',
      'profileSave',
      tlsProfile(1, { connection: { host: 'h', port: 1, tls: { certFile: '/x' } } }),
    ],
    ['a saved key path', 'profileSave', tlsProfile(1, { connection: { host: 'h', port: 1, tls: { keyFile: '/x' } } })],
    ['a path as a picked file', 'profileSave', tlsProfile(1, { tlsFiles: { ca: '/etc/passwd' } })],
    [
      'a bundled CA outside the certificates',
      'profileSave',
      tlsProfile(1, { connection: { host: 'h', port: 1, tls: { caBundled: '../../etc/passwd' } } }),
    ],
  ] as const)('refuses %s from the UI (zod)', async (_what, name, request) => {
    const result = await ctx.backend.dispatch(name, request, web);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('BAD_REQUEST');
  });

  it('refuses an import that names a TLS file by path, naming the field; nothing is imported', async () => {
    const json = JSON.stringify({
      profiles: [{ name: 'old', connection: { host: 'h', port: 8883, tls: { caFile: certs.caFile } } }],
    });
    const result = await call(ctx, 'profilesImport', { json });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_PROFILE' } });
    if (!result.ok) expect(result.error.message).toContain('connection.tls.caFile names a file on this computer');
    const list = await call(ctx, 'profilesList', {});
    expect(list.ok && list.value.some((p) => p.name === 'old')).toBe(false);
  });

  it('connects to a real TLS broker with a picked CA file (and not without it)', async () => {
    const grant = await pickFile(ctx, certs.caFile);
    const saved = await call(
      ctx,
      'profileSave',
      tlsProfile(broker.tlsPort!, { tlsFiles: { ca: { grant: grant.id } } }),
    );
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.value.connection.tls?.ca).toEqual({ name: 'ca.crt', pem: await readFile(certs.caFile, 'utf8') });
    const connected = await call(ctx, 'mqttConnect', { profileId: saved.value.id });
    expect(connected).toMatchObject({ ok: true, value: { state: 'connected', insecureTls: false } });
    await call(ctx, 'mqttDisconnect', { sessionId: (connected as { value: SessionStatus }).value.sessionId });

    const without = await call(ctx, 'profileSave', tlsProfile(broker.tlsPort!, { name: 'no CA' }));
    const refused = await call(ctx, 'mqttConnect', { profileId: (without as { value: ProfileView }).value.id });
    expect(refused).toMatchObject({ ok: true, value: { state: 'error', error: { code: 'TLS_ERROR' } } });
    await call(ctx, 'mqttDisconnect', { sessionId: (refused as { value: SessionStatus }).value.sessionId });
  });

  it('takes a DER certificate and stores it as PEM', async () => {
    const der = join(dir, 'ca.der');
    execFileSync('openssl', ['x509', '-in', certs.caFile, '-outform', 'der', '-out', der]);
    const grant = await pickFile(ctx, der);
    const saved = await call(
      ctx,
      'profileSave',
      tlsProfile(broker.tlsPort!, { name: 'DER', tlsFiles: { ca: { grant: grant.id } } }),
    );
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.value.connection.tls?.ca?.pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const connected = await call(ctx, 'mqttConnect', { profileId: saved.value.id });
    expect(connected).toMatchObject({ ok: true, value: { state: 'connected' } });
    await call(ctx, 'mqttDisconnect', { sessionId: (connected as { value: SessionStatus }).value.sessionId });
  });

  it.each([
    [
      'a text file as the CA',
      'ca',
      'notes.txt',
      'just some notes\n',
      /CA certificate file "notes.txt" is not a certificate/,
    ],
    ['a key as the CA', 'ca', 'k.pem', 'KEY', /CA certificate file "k.pem" holds a private key/],
    ['a certificate as the key', 'key', 'c.pem', 'CERT', /client key file "c.pem" holds a certificate/],
    ['an empty file', 'cert', 'empty.crt', '', /client certificate file "empty.crt" is empty/],
    ['a file over 256 KiB', 'ca', 'big.pem', 'x'.repeat(300 * 1024), /"big.pem" is 307200 bytes/],
  ] as const)(
    'refuses %s with TLS_ERROR naming the field and file; the profile is not saved',
    async (_what, field, name, body, message) => {
      const contents =
        body === 'KEY'
          ? await readFile(certs.keyFile, 'utf8')
          : body === 'CERT'
            ? await readFile(certs.certFile, 'utf8')
            : body;
      await writeFile(join(dir, name), contents);
      const grant = await pickFile(ctx, join(dir, name));
      const before = await call(ctx, 'profilesList', {});
      const result = await call(
        ctx,
        'profileSave',
        tlsProfile(2, { name: `bad ${name}`, tlsFiles: { [field]: { grant: grant.id } } }),
      );
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'TLS_ERROR', message: expect.stringMatching(message) },
      });
      const after = await call(ctx, 'profilesList', {});
      expect(after.ok && before.ok && after.value.length).toBe(before.ok ? before.value.length : -1);
    },
  );

  it('stores the client key encrypted, masked in the UI, in exports only with secrets', async () => {
    const keyText = await readFile(certs.keyFile, 'utf8');
    const keyBody = keyText.split('\n')[1]!;
    const saved = await call(
      ctx,
      'profileSave',
      tlsProfile(broker.tlsPort!, {
        name: 'mutual',
        tlsFiles: {
          cert: { grant: (await pickFile(ctx, certs.certFile)).id },
          key: { grant: (await pickFile(ctx, certs.keyFile)).id },
        },
      }),
    );
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.value.secrets.clientKey).toBe(true);
    expect(saved.value.connection.tls).toMatchObject({ keyName: 'server.key', cert: { name: 'server.crt' } });
    expect(JSON.stringify(saved.value)).not.toContain(keyBody);
    const onDisk = await readFile(join(ctx.dataDir, 'mqtt-profiles.json'), 'utf8');
    expect(onDisk).not.toContain(keyBody);
    expect(onDisk).not.toContain('PRIVATE KEY');
    expect(onDisk).toContain('"keyName": "server.key"');

    const plain = await call(ctx, 'profilesExport', { ids: [saved.value.id] });
    expect(plain.ok && plain.value.json).not.toContain('PRIVATE KEY');
    const full = await call(ctx, 'profilesExport', { ids: [saved.value.id], includeSecrets: true });
    expect(full.ok && full.value.json).toContain(keyBody);
    const imported = await call(ctx, 'profilesImport', { json: full.ok ? full.value.json : '' });
    expect(imported).toMatchObject({ ok: true, value: [{ name: 'mutual 2', secrets: { clientKey: true } }] });
    expect(await readFile(join(ctx.dataDir, 'mqtt-profiles.json'), 'utf8')).not.toContain(keyBody);

    // Keeping the key: a later save without tlsFiles.key; removing it: key null.
    const renamed = await call(ctx, 'profileSave', {
      ...tlsProfile(broker.tlsPort!),
      id: saved.value.id,
      name: 'mutual (kept)',
      connection: saved.value.connection,
    });
    expect(renamed).toMatchObject({
      ok: true,
      value: { secrets: { clientKey: true }, connection: { tls: { keyName: 'server.key' } } },
    });
    const removed = await call(ctx, 'profileSave', {
      ...tlsProfile(broker.tlsPort!),
      id: saved.value.id,
      name: 'mutual (no key)',
      connection: saved.value.connection,
      tlsFiles: { key: null },
    });
    expect(removed.ok && removed.value.secrets.clientKey).toBeFalsy();
    expect(removed.ok && removed.value.connection.tls?.keyName).toBeUndefined();
  });

  it('cannot reveal the client key to the UI', async () => {
    const result = await call(ctx, 'profileRevealSecret', { id: 'any', field: 'clientKey' });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});

describe('profiles saved with TLS file paths (before the picker)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qpy-tls-legacy-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads readable files into the profile at start, keeps and announces the unreadable ones', async () => {
    const certs = makeTestCertificates(dir);
    const dataDir = join(dir, 'data');
    const missing = join(dir, 'gone', 'client.crt');
    const legacy = {
      version: 1,
      profiles: [
        {
          id: 'p1',
          name: 'Old TLS',
          connection: {
            host: '127.0.0.1',
            port: 8883,
            transport: 'mqtts',
            tls: { caFile: certs.caFile, certFile: missing, keyFile: certs.keyFile },
          },
        },
        {
          id: 'p2',
          name: 'Old cloud',
          connection: { host: 'h', port: 8883, transport: 'mqtts', tls: { caFile: 'builtin:aliyun-root-ca.pem' } },
        },
      ],
    };
    const { mkdir } = await import('node:fs/promises');
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, 'mqtt-profiles.json'), JSON.stringify(legacy));
    const ctx = await withBackend({ dataDir });
    try {
      const info = await call(ctx, 'appInfo', {});
      const notices = info.ok ? (info.value.notices ?? []) : [];
      expect(notices).toEqual([{ kind: 'tlsFiles', message: expect.stringContaining(missing) }]);
      const list = await call(ctx, 'profilesList', {});
      if (!list.ok) throw new Error(list.error.message);
      const [old, cloud] = list.value;
      expect(old?.connection.tls).toMatchObject({ ca: { name: 'ca.crt' }, keyName: 'server.key' });
      expect(old?.secrets.clientKey).toBe(true);
      expect(JSON.stringify(old)).not.toContain(missing);
      expect(cloud?.connection.tls).toEqual({ allowInsecure: false, caBundled: 'aliyun-root-ca.pem' });

      const onDisk = JSON.parse(await readFile(join(dataDir, 'mqtt-profiles.json'), 'utf8')) as typeof legacy;
      const tls = onDisk.profiles[0]!.connection.tls as Record<string, unknown>;
      expect(tls.caFile).toBeUndefined();
      expect(tls.keyFile).toBeUndefined();
      expect(tls.certFile).toBe(missing);
      expect(JSON.stringify(onDisk)).not.toContain('PRIVATE KEY');

      const connect = await call(ctx, 'mqttConnect', { profileId: 'p1' });
      expect(connect).toMatchObject({ ok: false, error: { code: 'TLS_ERROR' } });
      if (!connect.ok) expect(connect.error.message).toContain(`client certificate file ${missing}`);
    } finally {
      await ctx.dispose();
    }
  });
});
