# aLiYun of the simulated module (QuecPython API): Alibaba Cloud IoT over umqtt, with the cloud's MQTT credentials
# computed on the module (one device, one secret; or dynamic registration with the product secret).
import ujson
import utime
import _qpyhost as _h
import qpy_bg
from umqtt.simple import MQTTClient


class aLiYun:
    def __init__(self, productKey, productSecret, DeviceName, DeviceSecret, MqttServer=None):
        self.productKey = productKey
        self.productSecret = productSecret
        self.DeviceName = DeviceName
        self.DeviceSecret = DeviceSecret
        self.server = MqttServer or '%s.iot-as-mqtt.cn-shanghai.aliyuncs.com' % productKey
        self.port = 1883
        self.client = None
        self.cb = None
        self._started = False

    def _on_msg(self, topic, msg):
        if self.cb:
            self.cb(topic, msg)

    def _register(self, clientID):
        # Alibaba Cloud MQTT dynamic registration: the cloud answers on /ext/register with the device secret.
        rnd = str(utime.ticks_ms())
        cid = '%s|securemode=2,authType=register,random=%s,signmethod=hmacsha256|' % (clientID, rnd)
        user = '%s&%s' % (self.DeviceName, self.productKey)
        pwd = _h.hmac_hex('sha256', self.productSecret,
                          'deviceName%sproductKey%srandom%s' % (self.DeviceName, self.productKey, rnd))
        got = []
        c = MQTTClient(cid, self.server, self.port, user, pwd, keepalive=60)
        c.set_callback(lambda t, m: got.append(m))
        try:
            c.connect()
            deadline = utime.ticks_ms() + 5000
            while not got and utime.ticks_diff(deadline, utime.ticks_ms()) > 0:
                if c.pending():
                    c.check_msg()
                else:
                    utime.sleep_ms(20)
        except Exception:
            pass
        finally:
            c.disconnect()
        if not got:
            return None
        try:
            return ujson.loads(got[0]).get('deviceSecret')
        except ValueError:
            return None

    def setMqtt(self, clientID, clean_session=False, keepAlive=300, reconn=True):
        if isinstance(clientID, bytes):
            clientID = clientID.decode()
        if not self.DeviceSecret:
            if not self.productSecret:
                return -1
            self.DeviceSecret = self._register(clientID)
            if not self.DeviceSecret:
                return -1
        ts = '%d' % (utime.time() * 1000)
        cid = '%s|securemode=3,signmethod=hmacsha1,timestamp=%s|' % (clientID, ts)
        user = '%s&%s' % (self.DeviceName, self.productKey)
        pwd = _h.hmac_hex('sha1', self.DeviceSecret, 'clientId%sdeviceName%sproductKey%stimestamp%s' % (
            clientID, self.DeviceName, self.productKey, ts))
        self.client = MQTTClient(cid, self.server, self.port, user, pwd, keepalive=keepAlive, reconn=reconn)
        self.client.set_callback(self._on_msg)
        try:
            self.client.connect(clean_session=clean_session)
        except Exception as e:
            print('aLiYun connect failed:', e)
            return -1
        return 0

    def setCallback(self, callback):
        self.cb = callback

    def subscribe(self, topic, qos=0):
        try:
            self.client.subscribe(topic, qos)
            return 0
        except Exception:
            return -1

    def publish(self, topic, msg, retain=False, qos=0):
        # as the firmware's aLiYun.py: umqtt's result (True), or -1 with a warning when the connection is gone
        try:
            if self.client is None or self.client.get_mqttsta() != 0:
                raise OSError(107)  # ENOTCONN: the socket of a dropped connection refuses the write
            return self.client.publish(topic, msg, retain, qos)
        except OSError as e:
            print('[WARNING] Publish failed. OSError : %s' % str(e))
            return -1

    def _poll(self):
        while self.client is not None and self.client.pending():
            self.client.check_msg()

    def start(self):
        # the firmware starts its listen thread and returns None
        if self.client is None:
            return
        self._started = True
        qpy_bg.add_poller(self._poll)

    def getAliyunSta(self):
        return self.client.get_mqttsta() if self.client else -1

    def ping(self):
        self.client.ping()

    def disconnect(self):
        qpy_bg.remove_poller(self._poll)
        if self.client:
            self.client.disconnect()
