import { describe, expect, it } from 'vitest';
import { buildClientOptions } from '../../electron/mqtt/client-options';
import type { ConnectionOptions } from '../../shared/api/mqtt';
import { CLOUD_CA_FILES, builtinCaReference } from '../../shared/cloud';

const tlsTo = (caFile: string) =>
  ({
    host: 'iot-mqtts.cn-north-4.myhuaweicloud.com',
    port: 8883,
    transport: 'mqtts',
    version: '3.1.1',
    clientId: 'dev_0_0_2025041401',
    keepaliveSec: 120,
    cleanStart: true,
    tls: { allowInsecure: false, caFile },
  }) as unknown as ConnectionOptions;

describe('CA certificates that ship with the app', () => {
  it.each(Object.entries(CLOUD_CA_FILES))('loads %s’s CA from a builtin: reference', async (_cloud, file) => {
    const options = await buildClientOptions(tlsTo(builtinCaReference(file!)), 'cid');
    expect(String(options.ca)).toContain('-----BEGIN CERTIFICATE-----');
  });

  it.each(['builtin:nope.pem', 'builtin:../../../etc/passwd', 'builtin:'])('refuses %s with TLS_ERROR', async (ref) => {
    await expect(buildClientOptions(tlsTo(ref), 'cid')).rejects.toMatchObject({
      code: 'TLS_ERROR',
      message: expect.stringContaining('not a CA certificate that ships with QPY Studio'),
    });
  });
});
