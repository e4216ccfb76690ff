import type { CloudCredentials } from '../cloud/types';
import { pyList, pythonStringLiteral } from './python';
import { backoff, connectWithBackoff, explainError, header, networkWait, onMessage, readValue } from './common';
import { downlinkFilters, reportCode } from './payload';
import { replyCode } from './replies';
import type { ScriptOptions } from './types';

/**
 * main.py with umqtt: connect, subscribe every downlink, answer the cloud's requests, report a property every
 * interval, and reconnect with backoff when the connection is refused or lost. Firmware umqtt reports a lost
 * connection through publish() returning False, get_mqttsta() or the error callback rather than exceptions, so
 * the loop watches all of them.
 */
export const umqttScript = (c: CloudCredentials, o: ScriptOptions): string => {
  const report = reportCode(c, o);
  const keepalive = o.keepalive ?? c.keepalive.recommended;
  const interval = o.intervalS ?? 10;
  const ssl = c.tls ? 'True' : 'False';
  const sslParams =
    c.clientCertificate && c.clientKey
      ? `{'cert': ${pythonStringLiteral(c.clientCertificate)}, 'key': ${pythonStringLiteral(c.clientKey)}}`
      : '{}';
  return `${header(`${c.cloud} over MQTT (umqtt)`)}from umqtt import MQTTClient

SERVER = ${pythonStringLiteral(c.host)}
PORT = ${c.port}
SSL = ${ssl}
SSL_PARAMS = ${sslParams}
CLIENT_ID = ${pythonStringLiteral(c.clientId)}
USER = ${pythonStringLiteral(c.username)}
PASSWORD = ${pythonStringLiteral(c.password)}
KEEPALIVE = ${keepalive}
PUB_TOPIC = ${pythonStringLiteral(report.topic)}
SUB_TOPICS = ${pyList(downlinkFilters(c))}
INTERVAL_S = ${interval}
client = None
lost = None
${networkWait(o)}${backoff}${explainError}${replyCode(c)}

def send(topic, payload):
    return client is not None and client.publish(topic, payload) is not False
${onMessage}${readValue}

def make_payload(n, value):
${report.makePayload}


def on_error(err):
    # called by the firmware's umqtt thread (ping timeout, socket error)
    global lost
    lost = str(err)


def make_client():
    kwargs = {'port': PORT, 'user': USER, 'password': PASSWORD, 'keepalive': KEEPALIVE}
    if SSL:
        kwargs['ssl'] = True
        kwargs['ssl_params'] = SSL_PARAMS
    try:
        return MQTTClient(CLIENT_ID, SERVER, reconn=False, **kwargs)
    except TypeError:
        return MQTTClient(CLIENT_ID, SERVER, **kwargs)


def close(c):
    try:
        c.disconnect()
    except Exception:
        pass


def connect():
    global client, lost
    c = make_client()
    c.set_callback(on_message)
    try:
        c.error_register_cb(on_error)
    except Exception:
        pass
    lost = None
    try:
        c.connect(clean_session=True)
    except Exception:
        close(c)
        raise
    client = c
    print('[mqtt] connected to %s:%d as %s' % (SERVER, PORT, CLIENT_ID))
    for topic in SUB_TOPICS:
        try:
            if c.subscribe(topic) is False:
                print('[mqtt] subscribe refused: %s' % topic)
        except Exception as e:
            print('[mqtt] subscribe refused: %s (%s)' % (topic, explain(e)))
    return c
${connectWithBackoff('mqtt', 'explain')}

def state(c):
    try:
        return c.get_mqttsta()
    except Exception:
        return 0  # not available on this firmware: rely on publish errors


def run():
    global client
    n = 0
    delay = BACKOFF_MIN_S
    while True:
        c, delay = connect_with_backoff(delay)
        last = utime.ticks_add(utime.ticks_ms(), -INTERVAL_S * 1000)
        try:
            while True:
                c.check_msg()
                if lost is not None:
                    raise Exception(lost)
                if state(c) != 0:
                    raise Exception('connection state %s' % state(c))
                if utime.ticks_diff(utime.ticks_ms(), last) >= INTERVAL_S * 1000:
                    last = utime.ticks_ms()
                    n += 1
                    payload = make_payload(n, read_value(n))
                    if c.publish(PUB_TOPIC, payload) is False:
                        raise Exception('publish failed')
                    print('[up] %s %s' % (PUB_TOPIC, payload))
                utime.sleep_ms(100)
        except Exception as e:
            client = None
            print('[mqtt] connection lost: %s; reconnect in %d s' % (explain(e), delay))
            close(c)
            utime.sleep(delay)
            delay = next_backoff(delay)


if __name__ == '__main__':
    run()
`;
};
