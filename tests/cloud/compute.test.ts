import { describe, expect, it } from 'vitest';
import { computeCredentials, listClouds } from '../../shared/cloud';
import { expiryWarning } from '../../shared/cloud/expiry';
import { collectFieldProblems } from '../../shared/cloud/validate';
import { AppError } from '../../shared/errors';
import { parseDeviceSpec } from '../../electron/cloud/device-spec';

const NOW = Date.UTC(2025, 3, 14, 1, 30);
const fails = (cloud: string, fields: Record<string, string>, message: string | RegExp, field?: string) => {
  try {
    computeCredentials(cloud, fields, NOW);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('INVALID_CREDENTIALS');
    expect((e as AppError).message).toMatch(message);
    if (field) expect((e as AppError).detail?.field).toBe(field);
    return;
  }
  throw new Error(`expected ${cloud} ${JSON.stringify(fields)} to fail`);
};

const seedFields = {
  productId: '469948',
  deviceName: 'Chic_D',
  accessKey: 'rs2FaE5BuygJZkWKDA5okKt1RFpwOx53hbu6hwyCS4U=',
};
const ali = { productKey: 'a1llZotKkCm', deviceName: 'Chic_001', deviceSecret: 'q6Sv0BbHkNhRk3gY2mPtK1xDJ4c8ZuLo' };

describe('credential forms', () => {
  it('every cloud has fields with English and console (Chinese) labels', () => {
    for (const c of listClouds()) for (const f of c.fields) expect(f.label && f.labelZh).toBeTruthy();
  });

  it('Aliyun: endpoints, TLS by securemode, field errors', () => {
    expect(computeCredentials('aliyun', ali, NOW)).toMatchObject({
      host: 'a1llZotKkCm.iot-as-mqtt.cn-shanghai.aliyuncs.com',
      port: 1883,
      tls: true,
      username: 'Chic_001&a1llZotKkCm',
      caBundled: 'aliyun-root-ca.pem',
    });
    expect(computeCredentials('aliyun', { ...ali, instanceId: 'iot-06z00abc', secureMode: '3' }, NOW)).toMatchObject({
      host: 'iot-06z00abc.mqtt.iothub.aliyuncs.com',
      tls: false,
    });
    expect(computeCredentials('aliyun', { ...ali, regionId: 'cn-beijing' }, NOW).host).toBe(
      'a1llZotKkCm.iot-as-mqtt.cn-beijing.aliyuncs.com',
    );
    fails('aliyun', { ...ali, productKey: '' }, 'ProductKey is required', 'productKey');
    fails('aliyun', { ...ali, keepalive: '10' }, 'keepalive must be 30–1200 s for Aliyun', 'keepalive');
    fails('aliyun', { ...ali, signMethod: 'hmacsha512' }, /signmethod must be one of hmacmd5, hmacsha1, hmacsha256/);
    fails('aliyun', { ...ali, clientId: 'a|b' }, /without \| , =/, 'clientId');
    fails('aliyun', { ...ali, deviceSecret: 'abc def' }, /DeviceSecret is letters and digits/);
  });

  it('OneNET: default expiry one year ahead, TLS host, a past et computes (no invented limit)', () => {
    const c = computeCredentials(
      'onenet',
      {
        productId: '469948',
        deviceName: 'Chic_D',
        accessKey: 'rs2FaE5BuygJZkWKDA5okKt1RFpwOx53hbu6hwyCS4U=',
        tls: 'tls',
      },
      NOW,
    );
    expect(c).toMatchObject({
      host: 'mqttstls.heclouds.com',
      port: 8883,
      tls: true,
      caBundled: 'onenet-mqtts-ca.pem',
      cleanSessionRequired: true,
    });
    expect(c.expiresAt).toBe(Math.floor(NOW / 1000) + 365 * 86400);
    const seed = computeCredentials(
      'onenet',
      {
        productId: '469948',
        deviceName: 'Chic_D',
        accessKey: 'rs2FaE5BuygJZkWKDA5okKt1RFpwOx53hbu6hwyCS4U=',
        method: 'sha1',
        expiresAt: '1673053248',
      },
      NOW,
    );
    expect(seed.password).toBe(
      'version=2018-10-31&res=products%2F469948%2Fdevices%2FChic_D&et=1673053248&method=sha1&sign=prIMDQ23WFI6PMj2IWpaRJJL4eE%3D',
    );
    expect(seed.expiresAt).toBe(1673053248);
    expect(expiryWarning(seed.expiresAt, NOW)).toBe(
      'expired on 2023-01-07T01:00:48.000Z: the cloud will refuse it (pick a later expiry to connect).',
    );
    expect(expiryWarning(c.expiresAt, NOW)).toBeUndefined();
    fails(
      'onenet',
      { ...seedFields, expiresAt: '2023-01-07' },
      /et \(expiry\) is unix seconds, digits only/,
      'expiresAt',
    );
    fails(
      'onenet',
      { productId: '469948', deviceName: 'Chic_D', accessKey: 'abc%' },
      'access_key must be base64',
      'accessKey',
    );
  });

  it('collects every problem of a form at once, one per field in form order; compute still throws the first', () => {
    const bad = { deviceId: 'p dev', secret: 'a b', timestamp: '2025041425', region: 'north', keepalive: '5' };
    expect(collectFieldProblems(() => computeCredentials('huawei', bad, NOW))).toEqual([
      {
        field: 'deviceId',
        message: 'Device ID is {product_id}_{node_id}: letters, digits, _ - : only.',
        key: 'huawei.deviceId',
        params: {},
      },
      {
        field: 'secret',
        message: 'Secret contains spaces: copy it again from the device details.',
        key: 'huawei.secret',
        params: {},
      },
      {
        field: 'timestamp',
        message: 'Huawei timestamp is UTC YYYYMMDDHH, e.g. 2021011909.',
        key: 'huawei.timestamp',
        params: {},
      },
      { field: 'region', message: 'Region looks like cn-north-4.', key: 'huawei.region', params: {} },
      {
        field: 'keepalive',
        message: 'keepalive must be 30–1200 s for Huawei IoTDA (got "5").',
        // The UI says it in its language from the key and params; the CLI prints the message.
        key: 'keepalive',
        params: { min: 30, max: 1200, cloud: 'Huawei IoTDA', value: '5' },
      },
    ]);
    // Thrown (the CLI, the credential check), the same key and params travel in the error's detail.
    expect(() => computeCredentials('onenet', {}, NOW)).toThrow(
      expect.objectContaining({ detail: { field: 'productId', messageKey: 'required', what: 'Product ID' } }),
    );
    expect(collectFieldProblems(() => computeCredentials('onenet', {}, NOW)).map((p) => p.field)).toEqual([
      'productId',
      'deviceName',
      'accessKey',
    ]);
    expect(collectFieldProblems(() => computeCredentials('onenet', seedFields, NOW))).toEqual([]);
    fails('huawei', bad, /Device ID/, 'deviceId');
  });

  it('Huawei: UTC hour by default, standard-edition host, timestamp format', () => {
    const c = computeCredentials(
      'huawei',
      { deviceId: 'p_dev', secret: 's', host: 'a1b2c3.st1.iotda-device.cn-north-4.myhuaweicloud.com', tls: 'tcp' },
      NOW,
    );
    expect(c).toMatchObject({
      clientId: 'p_dev_0_0_2025041401',
      host: 'a1b2c3.st1.iotda-device.cn-north-4.myhuaweicloud.com',
      port: 1883,
      tls: false,
    });
    fails(
      'huawei',
      { deviceId: 'p_dev', secret: 's', timestamp: '2025041425' },
      'Huawei timestamp is UTC YYYYMMDDHH',
      'timestamp',
    );
    fails('huawei', { deviceId: 'p dev', secret: 's' }, /Device ID/, 'deviceId');
  });

  it('Tencent, Azure, AWS, ThingsBoard, generic', () => {
    const t = computeCredentials(
      'tencent',
      {
        productId: 'L4WG9V9M2M',
        deviceName: 'TEST2',
        psk: 'u/nAbSmZKbCW7lugludvLg==',
        connId: 'AbC12',
        expiry: '1893456000',
      },
      NOW,
    );
    expect(t).toMatchObject({
      host: 'L4WG9V9M2M.iotcloud.tencentdevices.com',
      port: 1883,
      clientId: 'L4WG9V9M2MTEST2',
      username: 'L4WG9V9M2MTEST2;12010126;AbC12;1893456000',
      expiresAt: 1893456000,
    });
    expect(t.password).toMatch(/^[0-9a-f]{64};hmacsha256$/);
    fails('tencent', { productId: 'l4', deviceName: 'x', psk: 'AAAA' }, /10 upper-case/, 'productId');
    const az = computeCredentials(
      'azure',
      {
        connectionString: 'HostName=myhub.azure-devices.net;DeviceId=dev1;SharedAccessKey=a2V5',
        expiresAt: '1893456000',
      },
      NOW,
    );
    expect(az).toMatchObject({
      host: 'myhub.azure-devices.net',
      port: 8883,
      tls: true,
      clientId: 'dev1',
      username: 'myhub.azure-devices.net/dev1/?api-version=2021-04-12',
    });
    expect(az.password).toMatch(
      /^SharedAccessSignature sr=myhub\.azure-devices\.net%2Fdevices%2Fdev1&sig=.+&se=1893456000$/,
    );
    fails(
      'azure',
      { connectionString: 'HostName=x' },
      /needs HostName=, DeviceId= and SharedAccessKey=/,
      'connectionString',
    );
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    const key = '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----';
    expect(
      computeCredentials(
        'aws',
        {
          endpoint: 'abc123-ats.iot.us-east-1.amazonaws.com',
          thingName: 'thing1',
          certificate: pem,
          privateKey: key,
          port: '443',
        },
        NOW,
      ),
    ).toMatchObject({ port: 443, alpn: ['x-amzn-mqtt-ca'], caBundled: 'aws-root-ca.pem' });
    fails(
      'aws',
      { endpoint: 'abc123-ats.iot.us-east-1.amazonaws.com', thingName: 'thing1', certificate: 'nope', privateKey: key },
      /PEM/,
      'certificate',
    );
    expect(
      computeCredentials('thingsboard', { host: 'tb.local', accessToken: 'TOKEN1', tls: 'yes' }, NOW),
    ).toMatchObject({ port: 8883, username: 'TOKEN1', password: '' });
    expect(computeCredentials('thingsboard', { host: 'tb.local', accessToken: 'TOKEN1' }, NOW).topics[0]!.topic).toBe(
      'v1/devices/me/telemetry',
    );
    fails('generic', { host: 'h', clientId: 'c', publishTopic: 'a/#' }, /cannot contain \+ or #/, 'publishTopic');
    fails('nope', {}, /Unknown cloud "nope"/, 'cloud');
  });

  it('parses emulator device specs, splitting OneNET keys with / only on the first two', () => {
    expect(parseDeviceSpec('onenet', '469948/Chic_D/rs2F/E5Bu+ygJ=')).toEqual({
      cloud: 'onenet',
      device: { productId: '469948', deviceName: 'Chic_D', accessKey: 'rs2F/E5Bu+ygJ=' },
    });
    expect(parseDeviceSpec('huawei', 'p_dev/se/cret', { checkTimestamp: true })).toEqual({
      cloud: 'huawei',
      device: { deviceId: 'p_dev', secret: 'se/cret' },
      checkTimestamp: true,
    });
    expect(parseDeviceSpec('aliyun', 'pk/dn/ds')).toEqual({
      cloud: 'aliyun',
      device: { productKey: 'pk', deviceName: 'dn', deviceSecret: 'ds' },
    });
    expect(() => parseDeviceSpec('aliyun', 'pk/dn')).toThrow(/ProductKey\/DeviceName\/DeviceSecret/);
    expect(() => parseDeviceSpec('onenet', '469948/Chic_D/')).toThrow(/ProductId\/DeviceName\/AccessKey/);
    expect(() => parseDeviceSpec('huawei', 'nosecret')).toThrow(/DeviceId\/Secret/);
    expect(() => parseDeviceSpec('tencent', 'a/b')).toThrow(/no emulator/);
  });
});
