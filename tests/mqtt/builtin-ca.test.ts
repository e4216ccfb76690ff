import { describe, expect, it } from 'vitest';
import { buildClientOptions } from '../../electron/mqtt/client-options';
import { tlsOptionsSchema, type ConnectionOptions } from '../../shared/api/mqtt';
import { migrateLegacyTls } from '../../electron/mqtt/profile-tls';
import { CLOUD_CA_FILES } from '../../shared/cloud';

const tlsTo = (caBundled: string) =>
  ({
    host: 'iot-mqtts.cn-north-4.myhuaweicloud.com',
    port: 8883,
    transport: 'mqtts',
    version: '3.1.1',
    clientId: 'dev_0_0_2025041401',
    keepaliveSec: 120,
    cleanStart: true,
    tls: { allowInsecure: false, caBundled },
  }) as unknown as ConnectionOptions;

describe('CA certificates that ship with the app', () => {
  it.each(Object.entries(CLOUD_CA_FILES))('loads %s’s bundled CA by its name', async (_cloud, file) => {
    const options = await buildClientOptions(tlsTo(file!), 'cid');
    expect(String(options.ca)).toContain('-----BEGIN CERTIFICATE-----');
  });

  it.each(['nope.pem', '../../../etc/passwd', '/etc/ssl/certs/ca-certificates.crt', ''])(
    'refuses %s with TLS_ERROR',
    async (ref) => {
      await expect(buildClientOptions(tlsTo(ref), 'cid')).rejects.toMatchObject({
        code: 'TLS_ERROR',
        message: expect.stringContaining('not a CA certificate that ships with QPY Studio'),
      });
      // Only a name that could ship passes the contract; paths are refused there already.
      expect(tlsOptionsSchema.safeParse({ caBundled: ref }).success).toBe(ref === 'nope.pem');
    },
  );

  it('migrates a profile’s old builtin: reference to the bundled name, without reading any path', async () => {
    const migrated = await migrateLegacyTls('p', { allowInsecure: false, caFile: 'builtin:aliyun-root-ca.pem' });
    expect(migrated).toMatchObject({ changed: true, failures: [], tls: { caBundled: 'aliyun-root-ca.pem' } });
    expect(migrated.tls.caFile).toBeUndefined();
  });
});
