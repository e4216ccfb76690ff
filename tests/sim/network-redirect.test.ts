import { describe, expect, it } from 'vitest';
import { createNetworkRedirect, isCloudHost, parseRedirectRule, parseTarget } from '../../electron/sim';

describe('simulator network redirect rules', () => {
  it('parses HOST[:PORT]=HOST:PORT and routes exact hosts, then known cloud hosts, then the rest unchanged', () => {
    const redirect = createNetworkRedirect({
      rules: [
        parseRedirectRule('mqtts.heclouds.com:1883=127.0.0.1:1884'),
        parseRedirectRule('Broker.Example=10.0.0.2:8'),
      ],
      clouds: parseTarget('127.0.0.1:1999'),
    });
    expect(redirect('mqtts.heclouds.com', 1883)).toEqual({ host: '127.0.0.1', port: 1884 });
    expect(redirect('mqtts.heclouds.com', 8883)).toEqual({ host: '127.0.0.1', port: 1999 });
    expect(redirect('broker.example', 1)).toEqual({ host: '10.0.0.2', port: 8 });
    expect(redirect('a1llZotKkCm.iot-as-mqtt.cn-shanghai.aliyuncs.com', 1883)).toEqual({
      host: '127.0.0.1',
      port: 1999,
    });
    expect(redirect('test.mosquitto.org', 1883)).toEqual({ host: 'test.mosquitto.org', port: 1883 });
  });

  it('knows the clouds by domain, not by a look-alike name', () => {
    expect(isCloudHost('a15fbbd7ce.iot-mqtts.cn-north-4.myhuaweicloud.com')).toBe(true);
    expect(isCloudHost('myhub.azure-devices.net')).toBe(true);
    expect(isCloudHost('x-ats.iot.us-east-1.amazonaws.com')).toBe(true);
    expect(isCloudHost('1234.iotcloud.tencentdevices.com')).toBe(true);
    expect(isCloudHost('evilaliyuncs.com')).toBe(false);
    expect(isCloudHost('aliyuncs.com.evil.net')).toBe(false);
  });

  it.each([
    ['mqtts.heclouds.com:1883', 'is not HOST[:PORT]=HOST:PORT'],
    ['=127.0.0.1:1883', 'is not HOST[:PORT]=HOST:PORT'],
    ['a=127.0.0.1', 'is not HOST:PORT'],
    ['a:99999=127.0.0.1:1883', 'port "99999" in "a:99999=127.0.0.1:1883" is not a TCP port'],
    ['a=127.0.0.1:x', 'port "x" in "127.0.0.1:x" is not a TCP port'],
    [':1883=127.0.0.1:1883', 'names no host before the port'],
  ])('refuses %s with a message saying what to write', (spec, message) => {
    expect(() => parseRedirectRule(spec)).toThrow(message);
  });
});
