import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { computeCredentials } from '../../shared/cloud';
import { generateScript } from '../../shared/scriptgen';
import { pythonStringLiteral } from '../../shared/scriptgen/python';

const NOW = Date.UTC(2025, 0, 1);
const inputs = {
  aliyun: { productKey: 'a1llZotKkCm', deviceName: 'Chic_001', deviceSecret: 'q6Sv0BbHkNhRk3gY2mPtK1xDJ4c8ZuLo' },
  onenet: { productId: '469948', deviceName: 'Chic_D', accessKey: 'rs2FaE5BuygJZkWKDA5okKt1RFpwOx53hbu6hwyCS4U=' },
  huawei: { deviceId: '5fbbb784b4ec2202e982e643_868540050954037', secret: 'Ab12345678cd' },
  tencent: { productId: 'L4WG9V9M2M', deviceName: 'TEST2', psk: 'u/nAbSmZKbCW7lugludvLg==' },
  thingsboard: { host: 'demo.thingsboard.io', accessToken: 'A1_TEST_TOKEN' },
  generic: { host: '127.0.0.1', clientId: 'dev-1', username: "it's", password: 'p\\w' },
} as const;

/** CPython's compiler as a syntax check (the generated code uses only syntax MicroPython 1.12 accepts). */
const compiles = (source: string): void => {
  execFileSync('python3', ['-c', 'import sys; compile(sys.stdin.read(), "main.py", "exec")'], { input: source });
};

describe('QuecPython script generator', () => {
  for (const [cloud, input] of Object.entries(inputs)) {
    it(`generates a main.py for ${cloud} that compiles and uses only legacy module names`, () => {
      const creds = computeCredentials(cloud, input, NOW);
      const script = generateScript(creds.cloud, creds, { fields: input, intervalS: 5 });
      compiles(script);
      expect(script).toMatch(/^import utime$/m);
      expect(script).toMatch(/^import ujson$/m);
      expect(script).not.toMatch(/^\s*import (time|json|os)\b/m);
      expect(script).not.toMatch(/\bf'/);
      expect(script).toContain('wait_network_connected');
      expect(script).toContain('def on_message(topic, msg):');
      expect(script).toContain('INTERVAL_S = 5');
      expect(script).toContain('next_backoff');
      if (cloud === 'aliyun') {
        expect(script).toContain('from aLiYun import aLiYun');
        expect(script).toContain(pythonStringLiteral(inputs.aliyun.deviceSecret));
      } else {
        expect(script).toContain('from umqtt import MQTTClient');
        expect(script).toContain(`PASSWORD = ${pythonStringLiteral(creds.password)}`);
      }
      for (const t of creds.topics.filter((x) => x.direction === 'down' && x.filter))
        expect(script).toContain(pythonStringLiteral(t.filter!));
    });
  }

  it('uses the cloud payload format of each cloud', () => {
    const one = computeCredentials('onenet', inputs.onenet, NOW);
    expect(generateScript('onenet', one, { property: 'power' })).toContain(
      "return ujson.dumps({'id': n, 'dp': {'power': [{'v': value}]}})",
    );
    expect(generateScript('onenet', one, { oneNetFormat: 'thing' })).toContain(
      "'params': {'temperature': {'value': value}}",
    );
    const hw = computeCredentials('huawei', inputs.huawei, NOW);
    expect(generateScript('huawei', hw, { huaweiServiceId: 'WaterMeter' })).toContain("'service_id': 'WaterMeter'");
    const ali = computeCredentials('aliyun', inputs.aliyun, NOW);
    const viaUmqtt = generateScript('aliyun', ali, { aliyunClient: 'umqtt' });
    expect(viaUmqtt).toContain("'method': 'thing.event.property.post'");
    expect(viaUmqtt).toContain(`CLIENT_ID = ${pythonStringLiteral(ali.clientId)}`);
  });

  it('refuses mismatched credentials, a missing Aliyun triple, and out-of-range options', () => {
    const one = computeCredentials('onenet', inputs.onenet, NOW);
    expect(() => generateScript('huawei', one)).toThrow(/for onenet, not huawei/);
    const ali = computeCredentials('aliyun', inputs.aliyun, NOW);
    expect(() => generateScript('aliyun', ali)).toThrow(/aLiYun module needs ProductKey/);
    expect(() => generateScript('onenet', one, { intervalS: 0 })).toThrow(/1–86400/);
    expect(() => generateScript('onenet', one, { keepalive: 5000 })).toThrow(/keepalive must be 10–1800 s for onenet/);
  });

  it('escapes quotes, backslashes and non-ASCII in Python literals', () => {
    expect(pythonStringLiteral("it's \\ \n 中")).toBe("'it\\'s \\\\ \\n \\u4e2d'");
    compiles(`x = ${pythonStringLiteral("it's \\ \n 中 \u0001")}\n`);
  });
});
