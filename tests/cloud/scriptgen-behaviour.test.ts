import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { computeCredentials } from '../../shared/cloud';
import { generateScript } from '../../shared/scriptgen';

const NOW = Date.UTC(2025, 0, 1);
const inputs = {
  aliyun: { productKey: 'a1llZotKkCm', deviceName: 'Chic_001', deviceSecret: 'q6Sv0BbHkNhRk3gY2mPtK1xDJ4c8ZuLo' },
  onenet: { productId: '469948', deviceName: 'Chic_D', accessKey: 'rs2FaE5BuygJZkWKDA5okKt1RFpwOx53hbu6hwyCS4U=' },
  huawei: { deviceId: '5fbbb784b4ec2202e982e643_868540050954037', secret: 'Ab12345678cd' },
  tencent: { productId: 'L4WG9V9M2M', deviceName: 'TEST2', psk: 'u/nAbSmZKbCW7lugludvLg==' },
  thingsboard: { host: 'demo.thingsboard.io', accessToken: 'A1_TEST_TOKEN' },
  generic: { host: '127.0.0.1', clientId: 'dev-1', username: 'u', password: 'p' },
} as const;
type Cloud = keyof typeof inputs;

/**
 * Loads a generated main.py into CPython with stand-ins for the QuecPython modules (checkNet answers `net`), runs
 * `probe` in its namespace and returns what it printed. The real run on the simulated module is in
 * tests/integration/script-on-sim.test.ts; this checks the script's own logic for every input.
 */
const probe = (script: string, code: string, net: [number, number] = [3, 1]): string => {
  const harness = `
import sys, types, json
def stub(name, **attrs):
    m = types.ModuleType(name)
    m.__dict__.update(attrs)
    sys.modules[name] = m
clock = [0]
def advance(ms):
    clock[0] += int(ms)
stub('utime', sleep=lambda s: advance(s * 1000), sleep_ms=advance, ticks_ms=lambda: clock[0],
     ticks_add=lambda a, b: a + b, ticks_diff=lambda a, b: a - b)
sys.modules['ujson'] = json
class CheckNetwork:
    def __init__(self, name, version):
        pass
    def poweron_print_once(self):
        print('BANNER')
    def wait_network_connected(self, timeout):
        return (${net[0]}, ${net[1]})
stub('checkNet', CheckNetwork=CheckNetwork)
stub('umqtt', MQTTClient=object)
stub('aLiYun', aLiYun=object)
class MQTTException(Exception):
    pass
g = {'__name__': 'generated'}
exec(compile(sys.stdin.read(), 'main.py', 'exec'), g)
g.update(json=json, MQTTException=MQTTException, clock=clock)
exec(compile(sys.argv[1], 'probe', 'exec'), g)
`;
  return execFileSync('python3', ['-c', harness, code], { input: script, encoding: 'utf8', timeout: 15_000 });
};

const scriptFor = (cloud: Cloud, options: Parameters<typeof generateScript>[2] = {}): string => {
  const c = computeCredentials(cloud, inputs[cloud], NOW);
  return generateScript(c.cloud, c, { fields: inputs[cloud], ...options });
};

/** cloud_reply(topic, msg) for each [topic, msg], in one CPython run. */
const replies = (script: string, requests: [string, string][]): unknown[] =>
  JSON.parse(
    probe(
      script,
      `print(json.dumps([cloud_reply(t, m) for t, m in json.loads(${JSON.stringify(JSON.stringify(requests))})]))`,
    ),
  ) as unknown[];

describe('generated main.py behaviour (CPython with QuecPython stand-ins)', () => {
  it('answers the requests each cloud waits for, on the matching reply topic, and nothing else', () => {
    expect(
      replies(scriptFor('aliyun'), [
        ['/sys/a1llZotKkCm/Chic_001/thing/service/property/set', '{"id":"77","params":{"t":1}}'],
        ['/sys/a1llZotKkCm/Chic_001/rrpc/request/123', 'ping'],
        ['/sys/a1llZotKkCm/Chic_001/thing/event/property/post_reply', '{"id":"1"}'],
        ['/sys/a1llZotKkCm/Chic_001/rrpc/request/1/2', '{}'],
      ]),
    ).toEqual([
      [
        '/sys/a1llZotKkCm/Chic_001/thing/service/property/set_reply',
        '{"id": "77", "code": 200, "data": {}, "version": "1.0"}',
      ],
      ['/sys/a1llZotKkCm/Chic_001/rrpc/response/123', '{"id": "", "code": 200, "data": {}}'],
      null,
      null,
    ]);
    expect(
      replies(scriptFor('onenet'), [
        ['$sys/469948/Chic_D/cmd/request/abc-1', '{"switch":1}'],
        ['$sys/469948/Chic_D/thing/property/set', '{"id":"9","params":{}}'],
        // its own answer comes back on cmd/response/+/+ (accepted): no answer to an answer
        ['$sys/469948/Chic_D/cmd/response/abc-1/accepted', ''],
      ]),
    ).toEqual([
      ['$sys/469948/Chic_D/cmd/response/abc-1', '{"result": "ok"}'],
      ['$sys/469948/Chic_D/thing/property/set_reply', '{"id": "9", "code": 200, "msg": "success"}'],
      null,
    ]);
    const sys = '$oc/devices/5fbbb784b4ec2202e982e643_868540050954037/sys';
    expect(
      replies(scriptFor('huawei'), [
        [`${sys}/commands/request_id=42`, '{"paras":{}}'],
        [`${sys}/properties/set/request_id=43`, 'not json'],
        [`${sys}/commands/response/request_id=42`, '{}'],
      ]),
    ).toEqual([
      [
        `${sys}/commands/response/request_id=42`,
        '{"result_code": 0, "response_name": "COMMAND_RESPONSE", "paras": {"result": "success"}}',
      ],
      [`${sys}/properties/set/response/request_id=43`, '{"result_code": 0, "result_desc": "success"}'],
      null,
    ]);
    expect(
      replies(scriptFor('tencent'), [
        ['$thing/down/property/L4WG9V9M2M/TEST2', '{"method":"control","clientToken":"t1"}'],
        ['$thing/down/property/L4WG9V9M2M/TEST2', '{"method":"report_reply","code":0}'],
      ]),
    ).toEqual([
      [
        '$thing/up/property/L4WG9V9M2M/TEST2',
        '{"method": "control_reply", "clientToken": "t1", "code": 0, "status": "success"}',
      ],
      null,
    ]);
    expect(replies(scriptFor('thingsboard'), [['v1/devices/me/rpc/request/5', '{"method":"x"}']])).toEqual([
      ['v1/devices/me/rpc/response/5', '{"result": "ok"}'],
    ]);
    expect(replies(scriptFor('generic'), [['qpy/demo/down', '{}']])).toEqual([null]);
  });

  it('explains refusals and network errors from the simulator’s umqtt and from firmware alike', () => {
    const out = probe(
      scriptFor('onenet'),
      [
        'print(explain(MQTTException(4)))',
        'print(explain(MQTTException(5)))',
        'print(explain(MQTTException(2)))',
        // the firmware wraps the CONNACK code: MQTT Connect Error='4' ...
        `print(explain(ValueError("MQTT Connect Error='4' Server Actively FIN Disconnected.Need Check Connection parameters")))`,
        `print(explain(ValueError("MQTT Connect Error='110' Timeout.Need Check Network")))`,
        'print(explain(OSError(111)))',
        'print(explain(OSError(-1)))',
        'print(explain(OSError(4)))',
        "print(explain(Exception('publish failed')))",
      ].join('\n'),
    ).split('\n');
    expect(out.slice(0, 9)).toEqual([
      'the server refused the connection: bad user name or password (check the device secret, the signature and its expiry) [CONNACK 4]',
      'the server refused the connection: not authorized (check that the device exists and is enabled in the console) [CONNACK 5]',
      'the server refused the connection: the client id was rejected (check CLIENT_ID and the keepalive range) [CONNACK 2]',
      'the server refused the connection: bad user name or password (check the device secret, the signature and its expiry) [CONNACK 4]',
      'timed out (check the network and the server address)',
      'connection refused (nothing listens at the server address and port)',
      'the server closed the connection',
      '4',
      'publish failed',
    ]);
  });

  it('prints the checkNet banner once however often it waits, and says why the network is not ready', () => {
    const script = scriptFor('huawei');
    expect(probe(script, 'print(wait_network())\nprint(wait_network())')).toBe(
      'BANNER\n[net] network ready\nTrue\n[net] network ready\nTrue\n',
    );
    expect(probe(script, 'print(wait_network())', [1, 0])).toBe(
      'BANNER\n[net] network not ready after 60 s (stage 1, sub 0): no usable SIM card (status 0): check the SIM is inserted and unlocked\nFalse\n',
    );
    expect(probe(script, 'wait_network()', [2, 0])).toContain('not registered on the cellular network');
    expect(probe(script, 'wait_network()', [3, 0])).toContain('the data call failed: check the APN');
  });

  it('treats a failed aLiYun call as -1 or False, and None (old firmware) as success', () => {
    const out = probe(scriptFor('aliyun'), 'print(failed(-1), failed(False), failed(0), failed(None), failed(True))');
    expect(out).toBe('True True False False False\n');
  });

  it('refuses the aLiYun module for a port other than 1883 (the module has no port parameter)', () => {
    const c = computeCredentials('aliyun', inputs.aliyun, NOW);
    expect(() =>
      generateScript('aliyun', { ...c, host: '127.0.0.1', port: 41883, tls: false }, { fields: inputs.aliyun }),
    ).toThrow(/aLiYun module always connects to port 1883; to reach port 41883 .* choose the umqtt client/);
    expect(
      generateScript(
        'aliyun',
        { ...c, host: '127.0.0.1', port: 41883, tls: false },
        { fields: inputs.aliyun, aliyunClient: 'umqtt' },
      ),
    ).toContain('PORT = 41883');
  });

  /** A firmware-like umqtt: no exceptions on a dropped connection, only publish() False, get_mqttsta() or err_cb. */
  const firmwareUmqtt = (failure: string): string => `
made = []
class FirmwareClient:
    def __init__(self, client_id, server, port=0, user=None, password=None, keepalive=0, ssl=False, ssl_params={}, reconn=True):
        made.append(self)
        if len(made) > 2:
            raise SystemExit
        self.sent = 0
        self.sta = 0
        self.err_cb = None
        self.closed = False
    def set_callback(self, f):
        self.cb = f
    def error_register_cb(self, f):
        self.err_cb = f
    def connect(self, clean_session=True):
        if len(made) == 2:
            raise ValueError("MQTT Connect Error='4' Server Actively FIN Disconnected.Need Check Connection parameters")
        return 0
    def subscribe(self, topic, qos=0):
        return None
    def check_msg(self):
        return None
    def get_mqttsta(self):
        return self.sta
    def publish(self, topic, msg, retain=False, qos=0):
        self.sent += 1
        if self.sent > 20:
            raise SystemExit  # the script never noticed
        if self.sent == 1:
            ${failure}
            return True
        return ${failure === 'pass' ? 'False' : 'True'}
    def disconnect(self):
        self.closed = True
MQTTClient = FirmwareClient
try:
    run()
except SystemExit:
    pass
print('first closed', made[0].closed, 'second closed', made[1].closed)
`;

  it('umqtt script: notices a lost connection the firmware way (publish False, get_mqttsta, error callback), closes and backs off', () => {
    const script = scriptFor('onenet');
    const lost = (failure: string): string[] =>
      probe(script, firmwareUmqtt(failure))
        .split('\n')
        .filter((l) => /^\[mqtt\]|closed/.test(l));
    const tail = [
      '[mqtt] connect failed: the server refused the connection: bad user name or password (check the device secret, the signature and its expiry) [CONNACK 4]; retry in 4 s',
      'first closed True second closed True',
    ];
    expect(lost('pass')).toEqual([
      '[mqtt] connected to mqtts.heclouds.com:1883 as Chic_D',
      '[mqtt] connection lost: publish failed; reconnect in 2 s',
      ...tail,
    ]);
    expect(lost('self.sta = 2')).toEqual([
      '[mqtt] connected to mqtts.heclouds.com:1883 as Chic_D',
      '[mqtt] connection lost: connection state 2; reconnect in 2 s',
      ...tail,
    ]);
    expect(lost("self.err_cb('ping timeout')")).toEqual([
      '[mqtt] connected to mqtts.heclouds.com:1883 as Chic_D',
      '[mqtt] connection lost: ping timeout; reconnect in 2 s',
      ...tail,
    ]);
  });

  it('aLiYun script: starts over when the module stays disconnected for a minute, and backs off when setMqtt fails', () => {
    const out = probe(
      scriptFor('aliyun'),
      `
made = []
class FirmwareAliyun:
    def __init__(self, pk, ps, dn, ds, server=None):
        self.polls = 0
        self.closed = False
        made.append(self)
        if len(made) > 3:
            raise SystemExit
    def setMqtt(self, client_id, clean_session=False, keepAlive=300, reconn=True):
        return -1 if len(made) == 2 else None
    def setCallback(self, f):
        pass
    def subscribe(self, topic, qos=0):
        return 0
    def start(self):
        pass
    def publish(self, topic, msg, qos=0):
        return 0
    def getAliyunSta(self):
        self.polls += 1
        return 0 if self.polls == 1 else 1
    def disconnect(self):
        self.closed = True
aLiYun = FirmwareAliyun
try:
    run()
except SystemExit:
    pass
print('closed', [a.closed for a in made[:3]])
`,
    )
      .split('\n')
      .filter((l) => /^\[(aliyun|up)\]|closed/.test(l));
    expect(out[0]).toBe('[aliyun] connected to a1llZotKkCm.iot-as-mqtt.cn-shanghai.aliyuncs.com as Chic_001');
    expect(out[1]).toMatch(/^\[up\] \/sys\/a1llZotKkCm\/Chic_001\/thing\/event\/property\/post /);
    expect(out.slice(2, 8)).toEqual(Array(6).fill('[aliyun] not connected (state 1); the module reconnects by itself'));
    expect(out.slice(8, 11)).toEqual([
      '[aliyun] still disconnected after 60 s: starting over',
      '[aliyun] connect failed: the cloud refused the connection or a1llZotKkCm.iot-as-mqtt.cn-shanghai.aliyuncs.com:1883 is unreachable (check ProductKey, DeviceName, DeviceSecret and the network); retry in 2 s',
      '[aliyun] connected to a1llZotKkCm.iot-as-mqtt.cn-shanghai.aliyuncs.com as Chic_001',
    ]);
    // every client given up on is disconnected, also the one whose setMqtt failed
    expect(out.at(-1)).toBe('closed [True, True, True]');
  });
});
