import type { CloudCredentials } from '../cloud/types';
import { AppError } from '../errors';
import { pyList, pythonStringLiteral } from './python';
import { backoff, connectWithBackoff, header, networkWait, onMessage, readValue } from './common';
import { downlinkFilters, reportCode } from './payload';
import { replyCode } from './replies';
import type { ScriptOptions } from './types';

/** QuecPython's aLiYun takes a server name but no port: it always connects to 1883. */
const ALIYUN_MODULE_PORT = 1883;

/**
 * main.py with QuecPython's aLiYun module (it signs with the DeviceSecret itself and reconnects by itself; the
 * script starts over when the module stays disconnected for a minute).
 */
export const aliyunModuleScript = (c: CloudCredentials, o: ScriptOptions): string => {
  const f = o.fields ?? {};
  const pk = f.productKey?.trim();
  const dn = f.deviceName?.trim();
  const ds = f.deviceSecret?.trim();
  if (!pk || !dn || !ds)
    throw new AppError(
      'INVALID_CREDENTIALS',
      'The aLiYun module needs ProductKey, DeviceName and DeviceSecret: pass the wizard fields, or choose the umqtt client.',
      { field: 'fields' },
    );
  if (c.port !== ALIYUN_MODULE_PORT)
    throw new AppError(
      'BAD_REQUEST',
      `QuecPython's aLiYun module always connects to port ${ALIYUN_MODULE_PORT}; to reach port ${c.port} (e.g. the emulated cloud), choose the umqtt client.`,
      { field: 'aliyunClient' },
    );
  const clientId = f.clientId?.trim() || dn;
  const report = reportCode(c, o);
  const keepalive = o.keepalive ?? c.keepalive.recommended;
  return `${header('Alibaba Cloud IoT with the aLiYun module')}from aLiYun import aLiYun

PRODUCT_KEY = ${pythonStringLiteral(pk)}
PRODUCT_SECRET = None  # one device, one secret
DEVICE_NAME = ${pythonStringLiteral(dn)}
DEVICE_SECRET = ${pythonStringLiteral(ds)}
MQTT_SERVER = ${pythonStringLiteral(c.host)}
CLIENT_ID = ${pythonStringLiteral(clientId)}
KEEPALIVE = ${keepalive}
PUB_TOPIC = ${pythonStringLiteral(report.topic)}
SUB_TOPICS = ${pyList(downlinkFilters(c))}
INTERVAL_S = ${o.intervalS ?? 10}
RESTART_AFTER_S = 60
ali = None
${networkWait(o)}${backoff}${replyCode(c)}

def failed(ret):
    # aLiYun returns 0 / -1 (True / False on some firmware; None on old firmware)
    return ret == -1 or ret is False


def send(topic, payload):
    return ali is not None and ali.getAliyunSta() == 0 and not failed(ali.publish(topic, payload, qos=0))
${onMessage}${readValue}

def make_payload(n, value):
${report.makePayload}


def make_client():
    try:
        return aLiYun(PRODUCT_KEY, PRODUCT_SECRET, DEVICE_NAME, DEVICE_SECRET, MQTT_SERVER)
    except TypeError:
        return aLiYun(PRODUCT_KEY, PRODUCT_SECRET, DEVICE_NAME, DEVICE_SECRET)


def close(a):
    try:
        a.disconnect()
    except Exception:
        pass


def connect():
    global ali
    a = make_client()
    a.setCallback(on_message)
    if failed(a.setMqtt(CLIENT_ID, clean_session=False, keepAlive=KEEPALIVE, reconn=True)):
        close(a)
        raise Exception('the cloud refused the connection or %s:1883 is unreachable '
                        '(check ProductKey, DeviceName, DeviceSecret and the network)' % MQTT_SERVER)
    ali = a
    for topic in SUB_TOPICS:
        if failed(a.subscribe(topic, qos=0)):
            print('[aliyun] subscribe refused: %s' % topic)
    a.start()
    print('[aliyun] connected to %s as %s' % (MQTT_SERVER, DEVICE_NAME))
    return a
${connectWithBackoff('aliyun', 'str')}

def run():
    global ali
    n = 0
    delay = BACKOFF_MIN_S
    while True:
        a, delay = connect_with_backoff(delay)
        down_since = None
        while True:
            sta = a.getAliyunSta()
            if sta == 0:
                down_since = None
                n += 1
                payload = make_payload(n, read_value(n))
                if failed(a.publish(PUB_TOPIC, payload, qos=0)):
                    print('[aliyun] publish failed: %s' % PUB_TOPIC)
                else:
                    print('[up] %s %s' % (PUB_TOPIC, payload))
            else:
                if down_since is None:
                    down_since = utime.ticks_ms()
                gone = utime.ticks_diff(utime.ticks_ms(), down_since) // 1000
                if gone >= RESTART_AFTER_S:
                    print('[aliyun] still disconnected after %d s: starting over' % gone)
                    break
                print('[aliyun] not connected (state %s); the module reconnects by itself' % sta)
            utime.sleep(INTERVAL_S)
        ali = None
        close(a)


if __name__ == '__main__':
    run()
`;
};
