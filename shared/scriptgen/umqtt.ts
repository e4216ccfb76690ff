import type { CloudCredentials } from '../cloud/types';
import { pyList, pyStr } from './python';
import { backoff, header, networkWait, onMessage, readValue } from './common';
import { downlinkFilters, reportCode } from './payload';
import type { ScriptOptions } from './types';

/** main.py with umqtt: connect, subscribe every downlink, report a property every interval, reconnect with backoff. */
export const umqttScript = (c: CloudCredentials, o: ScriptOptions): string => {
  const report = reportCode(c, o);
  const keepalive = o.keepalive ?? c.keepalive.recommended;
  const interval = o.intervalS ?? 10;
  const ssl = c.tls ? 'True' : 'False';
  const sslParams =
    c.clientCertificate && c.clientKey ? `{'cert': ${pyStr(c.clientCertificate)}, 'key': ${pyStr(c.clientKey)}}` : '{}';
  return `${header(`${c.cloud} over MQTT (umqtt)`)}from umqtt import MQTTClient

SERVER = ${pyStr(c.host)}
PORT = ${c.port}
SSL = ${ssl}
SSL_PARAMS = ${sslParams}
CLIENT_ID = ${pyStr(c.clientId)}
USER = ${pyStr(c.username)}
PASSWORD = ${pyStr(c.password)}
KEEPALIVE = ${keepalive}
PUB_TOPIC = ${pyStr(report.topic)}
SUB_TOPICS = ${pyList(downlinkFilters(c))}
INTERVAL_S = ${interval}
${networkWait(o)}${backoff}${onMessage}${readValue}

def make_payload(n, value):
${report.makePayload}


def make_client():
    kwargs = {'port': PORT, 'user': USER, 'password': PASSWORD, 'keepalive': KEEPALIVE}
    if SSL:
        kwargs['ssl'] = True
        kwargs['ssl_params'] = SSL_PARAMS
    try:
        return MQTTClient(CLIENT_ID, SERVER, reconn=False, **kwargs)
    except TypeError:
        return MQTTClient(CLIENT_ID, SERVER, **kwargs)


def connect():
    client = make_client()
    client.set_callback(on_message)
    client.connect()
    for topic in SUB_TOPICS:
        client.subscribe(topic)
    print('[mqtt] connected to %s:%d as %s' % (SERVER, PORT, CLIENT_ID))
    return client


def run():
    n = 0
    delay = BACKOFF_MIN_S
    while True:
        if not wait_network():
            utime.sleep(delay)
            delay = next_backoff(delay)
            continue
        try:
            client = connect()
        except Exception as e:
            print('[mqtt] connect failed: %s; retry in %d s' % (e, delay))
            utime.sleep(delay)
            delay = next_backoff(delay)
            continue
        delay = BACKOFF_MIN_S
        last = utime.ticks_ms() - INTERVAL_S * 1000
        try:
            while True:
                client.check_msg()
                if utime.ticks_diff(utime.ticks_ms(), last) >= INTERVAL_S * 1000:
                    last = utime.ticks_ms()
                    n += 1
                    payload = make_payload(n, read_value(n))
                    client.publish(PUB_TOPIC, payload)
                    print('[up] %s %s' % (PUB_TOPIC, payload))
                utime.sleep_ms(100)
        except Exception as e:
            print('[mqtt] connection lost: %s; reconnect in %d s' % (e, delay))
            try:
                client.disconnect()
            except Exception:
                pass
            utime.sleep(delay)
            delay = next_backoff(delay)


if __name__ == '__main__':
    run()
`;
};
