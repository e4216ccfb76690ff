import { describe, expect, it } from 'vitest';
import { aliyunMqttAuth } from '../../shared/cloud/aliyun';
import { azureSasToken } from '../../shared/cloud/azure';
import { checkCredentials, type CredentialCheckInput } from '../../shared/cloud/check';
import { oneNetToken } from '../../shared/cloud/onenet';
import { tencentMqttAuth } from '../../shared/cloud/tencent';

const NOW = Date.UTC(2026, 11, 1, 12);
const SEED_KEY = 'rs2FaE5BuygJZkWKDA5okKt1RFpwOx53hbu6hwyCS4U=';
const SEED_TOKEN =
  'version=2018-10-31&res=products%2F469948%2Fdevices%2FChic_D&et=1673053248&method=sha1&sign=prIMDQ23WFI6PMj2IWpaRJJL4eE%3D';
const seed: CredentialCheckInput = { clientId: 'Chic_D', username: '469948', password: SEED_TOKEN, secret: SEED_KEY };

const check = (cloud: string, input: CredentialCheckInput) => checkCredentials(cloud, input, NOW);
const problemsOf = (cloud: string, input: CredentialCheckInput) => check(cloud, input).problems.map((p) => p.en);
const diagnosisOf = (cloud: string, input: CredentialCheckInput) => {
  const r = check(cloud, input);
  expect(r.signature).toBe('invalid');
  return { input: r.diagnosis?.input, en: r.diagnosis?.message.en, zh: r.diagnosis?.message.zh };
};
const value = (cloud: string, input: CredentialCheckInput, key: string) =>
  check(cloud, input).parts.find((p) => p.key === key)?.value;

describe('OneNET credential check', () => {
  it("decodes the guide's token, verifies it with its key and says it has expired", () => {
    const r = check('onenet', seed);
    expect(r.signature).toBe('valid');
    expect(r.problems).toEqual([]);
    expect(r.expiresAt).toBe(1673053248);
    expect(r.expired).toBe(true);
    expect(Object.fromEntries(r.parts.map((p) => [p.key, p.value]))).toMatchObject({
      clientId: 'Chic_D',
      username: '469948',
      'password.version': '2018-10-31',
      'password.res': 'products/469948/devices/Chic_D',
      'password.et': '1673053248',
      'password.method': 'sha1',
      'password.sign': 'prIMDQ23WFI6PMj2IWpaRJJL4eE=',
    });
    expect(r.parts.find((p) => p.key === 'password.et')?.note?.en).toBe(
      '2023-01-07T01:00:48.000Z: expired, the cloud will refuse it',
    );
    expect(check('onenet', { ...seed, secret: undefined }).signature).toBe('unchecked');
  });

  it('verifies the product-level example with the product key, and says which key a wrong one should be', () => {
    const product = {
      clientId: 'mydev',
      username: '123123',
      password:
        'version=2018-10-31&res=products%2F123123&et=1537255523&method=sha1&sign=lsaPSiiGvEFFjXu5WU7a6IkScqE%3D',
      secret: 'KuF3NT/jUBJ62LNBB/A8XZA9CqS3Cu79B/ABmfA1UCw=',
    };
    expect(check('onenet', product).signature).toBe('valid');
    expect(value('onenet', product, 'level')).toBe('product');
    expect(diagnosisOf('onenet', { ...product, secret: SEED_KEY }).en).toBe(
      "no single change of the fields reproduces the password: the access_key is most likely not the one it was made with (a product-level token needs the product's access_key, not a device's)",
    );
  });

  it('one character changed in each field gets its own diagnosis', () => {
    expect(problemsOf('onenet', { ...seed, clientId: 'Chic_E' })).toEqual([
      'clientId Chic_E is not the device name in res (Chic_D): OneNET refuses it',
    ]);
    expect(check('onenet', { ...seed, clientId: 'Chic_E' }).signature).toBe('valid');
    expect(problemsOf('onenet', { ...seed, username: '469949' })).toEqual([
      'username 469949 is not the product ID in res (469948): OneNET refuses it',
    ]);
    const token = (from: string, to: string) => ({ ...seed, password: SEED_TOKEN.replace(from, to) });
    expect(diagnosisOf('onenet', token('version=2018-10-31', 'version=2018-10-30'))).toMatchObject({
      input: 'version',
      en: "the password matches if the version is '2018-10-31' instead of '2018-10-30'",
    });
    expect(diagnosisOf('onenet', token('devices%2FChic_D', 'devices%2Fchic_d'))).toMatchObject({
      input: 'deviceName',
      en: "the password matches if the device name is 'Chic_D' instead of 'chic_d'",
    });
    expect(diagnosisOf('onenet', token('products%2F469948', 'products%2F469949'))).toMatchObject({
      input: 'productId',
      en: "the password matches if the product ID is '469948' instead of '469949'",
    });
    expect(diagnosisOf('onenet', token('et=1673053248', 'et=1673053249'))).toMatchObject({
      input: 'et',
      en: "the password matches if the et (expiry) is '1673053248' instead of '1673053249'",
    });
    expect(diagnosisOf('onenet', token('method=sha1', 'method=sha256'))).toMatchObject({
      input: 'method',
      en: 'the sign was made with method sha1, but the token says method=sha256',
    });
    expect(diagnosisOf('onenet', token('prIMDQ23', 'prIMDQ24'))).toMatchObject({
      input: 'password',
      en: 'the sign differs from the one the secret gives only at character 8: it was copied or typed wrongly',
    });
    const wrongKey = diagnosisOf('onenet', { ...seed, secret: SEED_KEY.replace('FaE5', 'FaF5') });
    expect(wrongKey).toMatchObject({
      input: 'secret',
      en: "the password matches a access_key whose character 6 is 'E' instead of 'F': copy the access_key again",
    });
    expect(wrongKey.zh).toContain('第 6 个字符');
  });

  it("names the device name the token was signed for: 'chic_d' instead of 'Chic_D'", () => {
    const signedLower = oneNetToken({
      res: 'products/469948/devices/chic_d',
      et: 1673053248,
      method: 'sha1',
      accessKey: SEED_KEY,
    });
    const password = signedLower.replace('chic_d', 'Chic_D');
    expect(diagnosisOf('onenet', { ...seed, password })).toMatchObject({
      input: 'deviceName',
      en: "the password matches if the device name is 'chic_d' instead of 'Chic_D'",
    });
  });

  it('finds the usual mistakes: et in milliseconds, the key as text, a sign that is not URL-encoded', () => {
    const ms = oneNetToken({
      res: 'products/469948/devices/Chic_D',
      et: '1673053248000',
      method: 'sha1',
      accessKey: SEED_KEY,
    });
    expect(diagnosisOf('onenet', { ...seed, password: ms.replace('1673053248000', '1673053248') }).input).toBe('et');
    expect(problemsOf('onenet', { ...seed, password: SEED_TOKEN.replace('%3D', '=') })).toContain(
      'sign is not URL-encoded: + / = must be written %2B %2F %3D (a server reads + as a space)',
    );
    expect(check('onenet', { ...seed, password: 'version=2018-10-31&res=x' }).signature).toBe('undecodable');
  });
});

describe('Aliyun credential check', () => {
  // Aliyun's "MQTT-TCP连接通信" example: clientId 12345, device, pk, timestamp 789, secret "secret", hmacsha1.
  const doc: CredentialCheckInput = {
    clientId: '12345|securemode=3,signmethod=hmacsha1,timestamp=789|',
    username: 'device&pk',
    password: 'FAFD82A3D602B37FB0FA8B7892F24A477F851A14',
    secret: 'secret',
  };

  it("decodes the clientId parameters and verifies the document's password", () => {
    const r = check('aliyun', doc);
    expect(r.signature).toBe('valid');
    expect(Object.fromEntries(r.parts.map((p) => [p.key, p.value]))).toMatchObject({
      'clientId.id': '12345',
      'clientId.securemode': '3',
      'clientId.signmethod': 'hmacsha1',
      'clientId.timestamp': '789',
      'username.deviceName': 'device',
      'username.productKey': 'pk',
    });
    expect(r.parts.find((p) => p.key === 'clientId.securemode')?.note?.en).toBe(
      '3 = plain TCP; not part of the signature',
    );
    expect(check('aliyun', { ...doc, clientId: doc.clientId.replace('securemode=3', 'securemode=2') }).signature).toBe(
      'valid',
    );
  });

  it('one character changed in each field gets its own diagnosis', () => {
    expect(diagnosisOf('aliyun', { ...doc, clientId: doc.clientId.replace('12345', '12346') })).toMatchObject({
      input: 'clientId',
      en: "the password matches if the clientId (before the first |) is '12345' instead of '12346'",
    });
    expect(diagnosisOf('aliyun', { ...doc, clientId: doc.clientId.replace('=789', '=788') })).toMatchObject({
      input: 'timestamp',
      en: "the password matches if the timestamp is '789' instead of '788'",
    });
    const sha256 = { ...doc, clientId: doc.clientId.replace('hmacsha1', 'hmacsha256') };
    expect(diagnosisOf('aliyun', sha256)).toMatchObject({
      input: 'signMethod',
      en: 'the password was made with hmacsha1, but the clientId says signmethod=hmacsha256',
    });
    expect(problemsOf('aliyun', sha256)).toContain(
      'a hmacsha256 password has 64 hex digits, this one 40: signmethod and the password disagree',
    );
    expect(diagnosisOf('aliyun', { ...doc, username: 'devicf&pk' })).toMatchObject({
      input: 'deviceName',
      en: "the password matches if the DeviceName is 'device' instead of 'devicf'",
    });
    expect(diagnosisOf('aliyun', { ...doc, username: 'device&pK' })).toMatchObject({
      input: 'productKey',
      en: "the password matches if the ProductKey is 'pk' instead of 'pK'",
    });
    expect(diagnosisOf('aliyun', { ...doc, password: doc.password.replace('FAFD', 'FAFE') }).input).toBe('password');
    expect(diagnosisOf('aliyun', { ...doc, secret: 'secrex' })).toMatchObject({
      input: 'secret',
      en: "the password matches a DeviceSecret whose character 6 is 't' instead of 'x': copy the DeviceSecret again",
    });
  });

  it('finds a password signed without the timestamp, or with it in seconds', () => {
    const noTs = aliyunMqttAuth({
      productKey: 'pk',
      deviceName: 'device',
      deviceSecret: 'secret',
      clientId: '12345',
      signMethod: 'hmacsha1',
    });
    expect(diagnosisOf('aliyun', { ...doc, password: noTs.password }).input).toBe('timestamp');
    const seconds = aliyunMqttAuth({
      productKey: 'pk',
      deviceName: 'device',
      deviceSecret: 'secret',
      clientId: '12345',
      timestamp: '1539421321',
      signMethod: 'hmacsha1',
    });
    expect(
      diagnosisOf('aliyun', {
        ...doc,
        clientId: '12345|securemode=3,signmethod=hmacsha1,timestamp=1539421321846|',
        password: seconds.password,
      }).en,
    ).toBe(
      'the password matches with timestamp 1539421321: the timestamp must be in seconds (it looks like milliseconds), the same in the clientId and the signature',
    );
    expect(check('aliyun', { ...doc, clientId: '12345' }).signature).toBe('undecodable');
  });
});

describe('Huawei credential check', () => {
  // Huawei's documented example: secret 12345678, timestamp 2025041401.
  const doc: CredentialCheckInput = {
    clientId: 'demo_product_node1_0_0_2025041401',
    username: 'demo_product_node1',
    password: 'c75150e6cb841417396819e4d2ee4358a416344a03a083e3a8567074ddec820a',
    secret: '12345678',
  };

  it('decodes deviceId_0_type_YYYYMMDDHH and verifies the documented password', () => {
    const r = check('huawei', doc);
    expect(r.signature).toBe('valid');
    expect(value('huawei', doc, 'clientId.deviceId')).toBe('demo_product_node1');
    expect(value('huawei', doc, 'clientId.signType')).toBe('0');
    expect(r.parts.find((p) => p.key === 'clientId.timestamp')?.note?.en).toBe('2025-04-14T01:00 UTC');
  });

  it('one character changed in each field gets its own diagnosis', () => {
    expect(problemsOf('huawei', { ...doc, username: 'demo_product_node2' })).toEqual([
      'username demo_product_node2 is not the device ID in the clientId (demo_product_node1)',
    ]);
    expect(diagnosisOf('huawei', { ...doc, clientId: doc.clientId.replace('2025041401', '2025041411') })).toMatchObject(
      {
        input: 'timestamp',
        en: "the password matches if the timestamp is '2025041401' instead of '2025041411'",
      },
    );
    expect(diagnosisOf('huawei', { ...doc, clientId: doc.clientId.replace('2025041401', '2025041409') }).en).toBe(
      "the password matches if the timestamp is '2025041401' instead of '2025041409' (the clientId holds China time (UTC+8); Huawei wants UTC)",
    );
    expect(diagnosisOf('huawei', { ...doc, password: doc.password.replace('c751', 'c752') }).input).toBe('password');
    expect(diagnosisOf('huawei', { ...doc, secret: '12345679' })).toMatchObject({
      input: 'secret',
      en: "the password matches a secret whose character 8 is '8' instead of '9': copy the secret again",
    });
    expect(problemsOf('huawei', { ...doc, clientId: doc.clientId.replace('_0_0_', '_0_1_') })).toEqual([
      'signature type 1: the platform refuses timestamp 2025041401, it is not the current UTC hour (2026120112)',
    ]);
    expect(check('huawei', { ...doc, clientId: 'demo_product_node1' }).signature).toBe('undecodable');
  });
});

describe('Tencent credential check', () => {
  const psk = 'u/nAbSmZKbCW7lugludvLg==';
  const auth = tencentMqttAuth({
    productId: 'L4WG9V9M2M',
    deviceName: 'TEST2',
    psk,
    connId: 'AbC12',
    expiry: 1893456000,
    method: 'hmacsha256',
  });
  const good: CredentialCheckInput = { ...auth, secret: psk };

  it('decodes productId+deviceName;sdkappid;connid;expiry and the method, and verifies', () => {
    const r = check('tencent', good);
    expect(r.signature).toBe('valid');
    expect(r.expiresAt).toBe(1893456000);
    expect(r.expired).toBe(false);
    expect(Object.fromEntries(r.parts.map((p) => [p.key, p.value]))).toMatchObject({
      'username.productId': 'L4WG9V9M2M',
      'username.deviceName': 'TEST2',
      'username.sdkappid': '12010126',
      'username.connid': 'AbC12',
      'username.expiry': '1893456000',
      'password.method': 'hmacsha256',
    });
  });

  it('one character changed in each field gets its own diagnosis', () => {
    expect(problemsOf('tencent', { ...good, clientId: 'L4WG9V9M2MTEST3' })).toEqual([
      'the clientId L4WG9V9M2MTEST3 is not the start of the username (L4WG9V9M2MTEST2)',
    ]);
    const user = (from: string, to: string) => ({ ...good, username: good.username.replace(from, to) });
    expect(diagnosisOf('tencent', user('TEST2;', 'TEST3;'))).toMatchObject({
      input: 'deviceName',
      en: "the password matches if the device name is 'TEST2' instead of 'TEST3'",
    });
    expect(diagnosisOf('tencent', user(';AbC12;', ';AbC13;'))).toMatchObject({
      input: 'connid',
      en: "the password matches if the connid is 'AbC12' instead of 'AbC13'",
    });
    expect(diagnosisOf('tencent', user(';1893456000', ';1893456001'))).toMatchObject({
      input: 'expiry',
      en: "the password matches if the expiry is '1893456000' instead of '1893456001'",
    });
    expect(diagnosisOf('tencent', { ...good, password: good.password.replace(';hmacsha256', ';hmacsha1') }).input).toBe(
      'method',
    );
    expect(diagnosisOf('tencent', { ...good, secret: psk.replace('u/nA', 'u/nB') }).input).toBe('secret');
  });
});

describe('Azure credential check', () => {
  const password = azureSasToken('myhub.azure-devices.net', 'dev1', 'a2V5', 1893456000);
  const good: CredentialCheckInput = {
    clientId: 'dev1',
    username: 'myhub.azure-devices.net/dev1/?api-version=2021-04-12',
    password,
    secret: 'a2V5',
  };

  it('decodes sr, sig, se and verifies the SAS', () => {
    const r = check('azure', good);
    expect(r.signature).toBe('valid');
    expect(value('azure', good, 'password.sr')).toBe('myhub.azure-devices.net/devices/dev1');
    expect(value('azure', good, 'password.se')).toBe('1893456000');
    const skn = { ...good, password: `${password}&skn=iothubowner` };
    expect(value('azure', skn, 'password.skn')).toBe('iothubowner');
  });

  it('one character changed in each field gets its own diagnosis', () => {
    expect(problemsOf('azure', { ...good, clientId: 'dev2' })).toEqual([
      'the clientId dev2 is not the device ID in the username (dev1)',
    ]);
    expect(
      diagnosisOf('azure', { ...good, password: password.replace('se=1893456000', 'se=1893456001') }),
    ).toMatchObject({
      input: 'se',
      en: "the password matches if the se (expiry) is '1893456000' instead of '1893456001'",
    });
    expect(diagnosisOf('azure', { ...good, secret: 'a2V6' }).input).toBe('secret');
  });

  it('refuses a cloud it cannot check, saying which it can', () => {
    expect(() => check('aws', good)).toThrow(/can check onenet, aliyun, huawei, tencent, azure credentials, not "aws"/);
  });
});
