import type { CloudCredentials } from '../cloud/types';
import { AppError } from '../errors';
import { pyList, pyStr } from './python';
import { backoff, header, networkWait, onMessage, readValue } from './common';
import { downlinkFilters, reportCode } from './payload';
import type { ScriptOptions } from './types';

/** main.py with QuecPython's aLiYun module (it signs with the DeviceSecret itself and reconnects by itself). */
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
  const clientId = f.clientId?.trim() || dn;
  const report = reportCode(c, o);
  const keepalive = o.keepalive ?? c.keepalive.recommended;
  return `${header('Alibaba Cloud IoT with the aLiYun module')}from aLiYun import aLiYun

PRODUCT_KEY = ${pyStr(pk)}
PRODUCT_SECRET = None  # one device, one secret
DEVICE_NAME = ${pyStr(dn)}
DEVICE_SECRET = ${pyStr(ds)}
MQTT_SERVER = ${pyStr(c.host)}
CLIENT_ID = ${pyStr(clientId)}
KEEPALIVE = ${keepalive}
PUB_TOPIC = ${pyStr(report.topic)}
SUB_TOPICS = ${pyList(downlinkFilters(c))}
INTERVAL_S = ${o.intervalS ?? 10}
${networkWait(o)}${backoff}${onMessage}${readValue}

def make_payload(n, value):
${report.makePayload}


def make_client():
    try:
        return aLiYun(PRODUCT_KEY, PRODUCT_SECRET, DEVICE_NAME, DEVICE_SECRET, MQTT_SERVER)
    except TypeError:
        return aLiYun(PRODUCT_KEY, PRODUCT_SECRET, DEVICE_NAME, DEVICE_SECRET)


def connect():
    ali = make_client()
    if ali.setMqtt(CLIENT_ID, clean_session=False, keepAlive=KEEPALIVE, reconn=True) != 0:
        raise Exception('setMqtt failed')
    ali.setCallback(on_message)
    for topic in SUB_TOPICS:
        ali.subscribe(topic, qos=0)
    ali.start()
    print('[aliyun] started as %s' % DEVICE_NAME)
    return ali


def run():
    n = 0
    delay = BACKOFF_MIN_S
    ali = None
    while ali is None:
        if not wait_network():
            utime.sleep(delay)
            delay = next_backoff(delay)
            continue
        try:
            ali = connect()
        except Exception as e:
            print('[aliyun] connect failed: %s; retry in %d s' % (e, delay))
            utime.sleep(delay)
            delay = next_backoff(delay)
    while True:
        if ali.getAliyunSta() == 0:
            n += 1
            payload = make_payload(n, read_value(n))
            try:
                ali.publish(PUB_TOPIC, payload, qos=0)
                print('[up] %s %s' % (PUB_TOPIC, payload))
            except Exception as e:
                print('[aliyun] publish failed: %s' % e)
        else:
            print('[aliyun] not connected (state %s); the module reconnects by itself' % ali.getAliyunSta())
        utime.sleep(INTERVAL_S)


if __name__ == '__main__':
    run()
`;
};
