import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeCredentials } from '../../shared/cloud';
import { aliyunMqttAuth, aliyunSign } from '../../shared/cloud/aliyun';
import { expiryWarning } from '../../shared/cloud/expiry';
import { azureSasToken } from '../../shared/cloud/azure';
import { oneNetSignature, oneNetToken } from '../../shared/cloud/onenet';
import { huaweiPassword } from '../../shared/cloud/huawei';
import { tencentMqttAuth } from '../../shared/cloud/tencent';

const NOW = Date.UTC(2026, 11, 1, 12);

describe('Aliyun sign vectors', () => {
  it('matches the hmacsha1 example of Aliyun\'s "MQTT-TCP连接通信" document', () => {
    // Source: Aliyun IoT docs, MQTT-TCP连接通信 (mirrored in github.com/fuzhufozhu/ali_lot,
    // cn.zh-CN/设备端开发指南/使用开放协议自主接入/MQTT-TCP连接通信.md): clientId 12345, device, pk, timestamp 789, secret.
    const t = aliyunMqttAuth({
      productKey: 'pk',
      deviceName: 'device',
      deviceSecret: 'secret',
      clientId: '12345',
      timestamp: '789',
      signMethod: 'hmacsha1',
      secureMode: 3,
    });
    expect(t.password.toUpperCase()).toBe('FAFD82A3D602B37FB0FA8B7892F24A477F851A14');
    expect(t.clientId).toBe('12345|securemode=3,signmethod=hmacsha1,timestamp=789|');
    expect(t.username).toBe('device&pk');
  });

  it('matches the three-tuple example of the Aliyun IoT developer article (light1983432)', () => {
    // Source: https://blog.csdn.net/weixin_30435261/article/details/101112614 (reprint of the Aliyun IoT article
    // "基于开源MQTT自主接入阿里云IoT平台"): SN1928339, timestamp 1539421321846, hmacsha1.
    const t = aliyunMqttAuth({
      productKey: 'a14Xib5kdYd',
      deviceName: 'light1983432',
      deviceSecret: 'oLyaKqVxtRvjH284LdhqVgVUx1UPy6zq',
      clientId: 'SN1928339',
      timestamp: '1539421321846',
      signMethod: 'hmacsha1',
      secureMode: 3,
    });
    expect(t.clientId).toBe('SN1928339|securemode=3,signmethod=hmacsha1,timestamp=1539421321846|');
    expect(t.password).toBe('b2488041f64f425016b467ee1c94959ebd592ad1');
  });

  it('matches a published password without timestamp (XP001, hmacsha1)', () => {
    // Source: https://yzsam.com/html/zdtQVx.html ("MQTT---Connect", raw CONNECT bytes captured against Aliyun).
    const t = aliyunMqttAuth({
      productKey: 'a1Ze3BcsQ5x',
      deviceName: 'XP001',
      deviceSecret: 'amzS2Q9siGHpSVDVhvDV43661DmfdXtW',
      signMethod: 'hmacsha1',
      secureMode: 3,
    });
    expect(t.clientId).toBe('XP001|securemode=3,signmethod=hmacsha1|');
    expect(t.password).toBe('cc4e388e7f1ea1e5bdaf15891b76f2dfcfeffb06');
  });

  it('hmacmd5 and hmacsha256: no published vector found, cross-checked with node:crypto (independent implementation)', () => {
    const content = 'clientIdSN1928339deviceNamelight1983432productKeya14Xib5kdYdtimestamp1539421321846';
    const params = {
      clientId: 'SN1928339',
      deviceName: 'light1983432',
      productKey: 'a14Xib5kdYd',
      timestamp: '1539421321846',
    };
    for (const [method, hash] of [
      ['hmacmd5', 'md5'],
      ['hmacsha256', 'sha256'],
    ] as const) {
      const expected = createHmac(hash, 'oLyaKqVxtRvjH284LdhqVgVUx1UPy6zq').update(content).digest('hex');
      expect(aliyunSign(method, 'oLyaKqVxtRvjH284LdhqVgVUx1UPy6zq', params)).toBe(expected);
    }
  });
});

describe('OneNET token vectors', () => {
  it('reproduces the seed token for Chic_D (seed 000/002, sha1, et 1673053248)', () => {
    expect(
      oneNetToken({
        res: 'products/469948/devices/Chic_D',
        et: 1673053248,
        method: 'sha1',
        accessKey: 'rs2FaE5BuygJZkWKDA5okKt1RFpwOx53hbu6hwyCS4U=',
      }),
    ).toBe(
      'version=2018-10-31&res=products%2F469948%2Fdevices%2FChic_D&et=1673053248&method=sha1&sign=prIMDQ23WFI6PMj2IWpaRJJL4eE%3D',
    );
  });

  it('reproduces the MQTT.fx example of the OneNET MQTTS kit document (sign with + and /)', () => {
    // Source: OneNET docs "接入实例-设备连接" (mirrored in github.com/warrlon/warrlon,
    // iotgz-docs/book/device-develop/multpro/MQTTS/example/connect.md).
    expect(
      oneNetToken({
        res: 'products/238322/devices/mqtts-test-device',
        et: 7557387130,
        method: 'sha1',
        accessKey: 'EnW4T71eIE55xOIQMN6pFMKuqel5T5HTzsGJRPiDhlM=',
      }),
    ).toBe(
      'version=2018-10-31&res=products%2F238322%2Fdevices%2Fmqtts-test-device&et=7557387130&method=sha1&sign=Rs0u%2FKnyoK5%2FMuKo5xKa0tW%2BWqY%3D',
    );
  });

  it("reproduces the product-level example of OneNET's token document (products/123123, et 1537255523, 2018)", () => {
    // Source: OneNET "token 算法" (open.iot.10086.cn/doc/mqtt/book/manual/auth/token.html: et 1537255523, sha1,
    // res products/123123) with the access_key of its Python example (auth/python.html); the sign is the one a
    // public Go port's test publishes for these inputs. The et is in 2018: computed anyway, marked expired.
    const c = computeCredentials(
      'onenet',
      {
        productId: '123123',
        deviceName: 'mydev',
        accessKey: 'KuF3NT/jUBJ62LNBB/A8XZA9CqS3Cu79B/ABmfA1UCw=',
        level: 'product',
        method: 'sha1',
        expiresAt: '1537255523',
      },
      NOW,
    );
    expect(c.password).toBe(
      'version=2018-10-31&res=products%2F123123&et=1537255523&method=sha1&sign=lsaPSiiGvEFFjXu5WU7a6IkScqE%3D',
    );
    expect(expiryWarning(c.expiresAt, NOW)).toMatch(/^expired on 2018-09-18T07:25:23.000Z: the cloud will refuse it/);
  });

  it('signs et 32472115200 (year 2999, beyond 32 bits), the default of LuatOS iotauth.onenet', () => {
    // Source: github.com/openLuat/LuatOS iotauth tests (device "test" of product Ck2AF9QD2K, key from its docs).
    const expected = {
      md5: 'htDD26UhXtXayMFAWRmNiA%3D%3D',
      sha1: 'onzQlILHFFNqIY%2BdOXYM3lthLT8%3D',
      sha256: '6Y4zbk3Sa89tRf9lMxCCE0jG74uEcEuu%2Fnly1pU9ADM%3D',
    };
    for (const [method, sign] of Object.entries(expected)) {
      const c = computeCredentials(
        'onenet',
        {
          productId: 'Ck2AF9QD2K',
          deviceName: 'test',
          accessKey: 'KuF3NT/jUBJ62LNBB/A8XZA9CqS3Cu79B/ABmfA1UCw=',
          method,
          expiresAt: '32472115200',
        },
        NOW,
      );
      expect(c.password).toBe(
        `version=2018-10-31&res=products%2FCk2AF9QD2K%2Fdevices%2Ftest&et=32472115200&method=${method}&sign=${sign}`,
      );
      expect(c.expiresAt).toBe(32472115200);
      expect(expiryWarning(c.expiresAt, NOW)).toBeUndefined();
    }
  });

  it('md5 and sha256 and product level: cross-checked with node:crypto (no published vector with a known key)', () => {
    const key = 'kKsubaG7FzMgzR6N3eUD53319Qu+K4MCvw6KzOYc5eI=';
    for (const method of ['md5', 'sha256'] as const) {
      const expected = createHmac(method, Buffer.from(key, 'base64'))
        .update(`1893456000\n${method}\nproducts/469948\n2018-10-31`)
        .digest('base64');
      expect(oneNetSignature({ res: 'products/469948', et: 1893456000, method, accessKey: key })).toBe(expected);
    }
  });
});

describe('Huawei IoTDA password vectors', () => {
  it("matches Huawei's documented example (secret 12345678, timestamp 2025041401)", () => {
    // Source: https://support.huaweicloud.com/devg-ocsmartcampus/ocsmartcampus_04_0030.html ("设备连接鉴权").
    expect(huaweiPassword('12345678', '2025041401')).toBe(
      'c75150e6cb841417396819e4d2ee4358a416344a03a083e3a8567074ddec820a',
    );
  });

  it('keys the HMAC with the timestamp, as huaweicloud-iot-device-sdk-java IotUtil.shaHMac does (node:crypto cross-check)', () => {
    const expected = createHmac('sha256', '2021011909').update('my-secret').digest('hex');
    expect(huaweiPassword('my-secret', '2021011909')).toBe(expected);
  });
});

describe('Azure SAS vectors', () => {
  it('computes a SAS whose se has passed, marked expired (the SDK test vector se 12345)', () => {
    const c = computeCredentials(
      'azure',
      { hostName: 'host', deviceId: 'device', sharedAccessKey: 'a2V5', expiresAt: '12345' },
      NOW,
    );
    expect(c.password).toBe(azureSasToken('host', 'device', 'a2V5', 12345));
    expect(expiryWarning(c.expiresAt, NOW)).toMatch(/^expired on 1970-01-01T03:25:45.000Z/);
  });

  it('matches azure-iot-sdk-node device/core/test/_shared_access_signature_test.js', () => {
    // github.com/Azure/azure-iot-sdk-node device/core/test/_shared_access_signature_test.js: create('host','device','key',12345)
    expect(azureSasToken('host', 'device', 'key', 12345)).toBe(
      'SharedAccessSignature sr=host%2Fdevices%2Fdevice&sig=wM3XiP6gD960IxP7J5WHqnxQHEcWC6YaQCtoMT%2BkKHc%3D&se=12345',
    );
  });
});

describe('Tencent PSK signature', () => {
  it('signs any expiry as typed: a past one (with a warning) and the C SDK sample 92233720368547758 (beyond 2^53)', () => {
    // The C SDK's qcloud_iot_mqtt_sign readme signs with expiry 92233720368547758; no expiry limit is documented.
    const psk = 'u/nAbSmZKbCW7lugludvLg==';
    for (const expiry of ['1611533066', '92233720368547758']) {
      const c = computeCredentials(
        'tencent',
        { productId: 'L4WG9V9M2M', deviceName: 'TEST2', psk, connId: '5AiF2', expiry },
        NOW,
      );
      const username = `L4WG9V9M2MTEST2;12010126;5AiF2;${expiry}`;
      expect(c.username).toBe(username);
      const token = createHmac('sha256', Buffer.from(psk, 'base64')).update(username).digest('hex');
      expect(c.password).toBe(`${token};hmacsha256`);
    }
    const past = computeCredentials(
      'tencent',
      { productId: 'L4WG9V9M2M', deviceName: 'TEST2', psk, connId: '5AiF2', expiry: '1611533066' },
      NOW,
    );
    expect(expiryWarning(past.expiresAt, NOW)).toMatch(/^expired on 2021-01-25T00:04:26.000Z/);
  });

  it('hmacsha256 and hmacsha1: no complete published vector (the SDK readme masks it), cross-checked with node:crypto', () => {
    const psk = 'u/nAbSmZKbCW7lugludvLg==';
    for (const [method, hash] of [
      ['hmacsha256', 'sha256'],
      ['hmacsha1', 'sha1'],
    ] as const) {
      const a = tencentMqttAuth({
        productId: 'J5M4D6INI9',
        deviceName: 'pi_dht11',
        psk,
        connId: 'AbC12',
        expiry: 1893456000,
        method,
      });
      expect(a.clientId).toBe('J5M4D6INI9pi_dht11');
      expect(a.username).toBe('J5M4D6INI9pi_dht11;12010126;AbC12;1893456000');
      const expected = createHmac(hash, Buffer.from(psk, 'base64')).update(a.username).digest('hex');
      expect(a.password).toBe(`${expected};${method}`);
    }
  });
});
