# MQTT 3.1.1 client with QuecPython's umqtt API, over the simulated module's usocket.
import usocket
import ustruct
import utime


class MQTTException(Exception):
    pass


def _b(s):
    return s.encode() if isinstance(s, str) else bytes(s)


def _str(buf, s):
    s = _b(s)
    buf.extend(ustruct.pack('!H', len(s)))
    buf.extend(s)


class MQTTClient:
    STA_CONNECTED = 0
    STA_CONNECTING = 1
    STA_CLOSED = 2
    STA_ERROR = -1

    def __init__(self, client_id, server, port=0, user=None, password=None, keepalive=0, ssl=False,
                 ssl_params={}, reconn=True, version=4):
        if port == 0:
            port = 8883 if ssl else 1883
        self.client_id = _b(client_id)
        self.server = server.decode() if isinstance(server, bytes) else server
        self.port = port
        self.user = user
        self.pswd = password
        self.keepalive = keepalive
        self.ssl = ssl
        self.reconn = reconn
        self.sock = None
        self.cb = None
        self.err_cb = None
        self.pid = 0
        self.lw_topic = None
        self.lw_msg = None
        self.lw_qos = 0
        self.lw_retain = False
        self._state = MQTTClient.STA_CLOSED
        self._last_io = utime.ticks_ms()

    def _send_packet(self, ptype, body):
        pkt = bytearray([ptype])
        n = len(body)
        while True:
            byte = n & 0x7F
            n >>= 7
            if n:
                byte |= 0x80
            pkt.append(byte)
            if not n:
                break
        pkt.extend(body)
        self.sock.write(pkt)
        self._last_io = utime.ticks_ms()

    def _recv_len(self):
        n = 0
        shift = 0
        while True:
            b = self.sock.read(1)
            if not b:
                raise OSError(-1)
            b = b[0]
            n |= (b & 0x7F) << shift
            if not b & 0x80:
                return n
            shift += 7

    def set_callback(self, f):
        self.cb = f

    def error_register_cb(self, f):
        self.err_cb = f

    def set_last_will(self, topic, msg, retain=False, qos=0):
        assert 0 <= qos <= 2
        assert topic
        self.lw_topic = _b(topic)
        self.lw_msg = _b(msg)
        self.lw_qos = qos
        self.lw_retain = retain

    def connect(self, clean_session=True):
        self._state = MQTTClient.STA_CONNECTING
        addr = usocket.getaddrinfo(self.server, self.port)[0][-1]
        self.sock = usocket.socket()
        try:
            self.sock.connect(addr)
        except OSError:
            self._state = MQTTClient.STA_ERROR
            raise
        if self.ssl:
            raise MQTTException('TLS is not available in the simulator: use port 1883 without ssl')
        flags = 0x02 if clean_session else 0
        body = bytearray(b'\x00\x04MQTT\x04')
        if self.user is not None:
            flags |= 0x80
            if self.pswd is not None:
                flags |= 0x40
        if self.lw_topic:
            flags |= 0x04 | (self.lw_qos & 0x3) << 3 | (self.lw_retain and 0x20)
        body.append(flags)
        body.extend(ustruct.pack('!H', self.keepalive))
        _str(body, self.client_id)
        if self.lw_topic:
            _str(body, self.lw_topic)
            _str(body, self.lw_msg)
        if self.user is not None:
            _str(body, self.user)
            if self.pswd is not None:
                _str(body, self.pswd)
        self._send_packet(0x10, body)
        resp = self.sock.read(4)
        if not resp or len(resp) < 4 or resp[0] != 0x20 or resp[1] != 0x02:
            self._state = MQTTClient.STA_ERROR
            raise MQTTException('bad CONNACK')
        if resp[3] != 0:
            self._state = MQTTClient.STA_ERROR
            raise MQTTException(resp[3])
        self._state = MQTTClient.STA_CONNECTED
        return resp[2] & 1

    def get_mqttsta(self):
        return self._state

    def disconnect(self):
        if self.sock is not None:
            try:
                self.sock.write(b'\xe0\x00')
            except OSError:
                pass
            self.sock.close()
            self.sock = None
        self._state = MQTTClient.STA_CLOSED

    def close(self):
        self.disconnect()

    def ping(self):
        self.sock.write(b'\xc0\x00')
        self._last_io = utime.ticks_ms()

    def _next_pid(self):
        self.pid = self.pid % 65535 + 1
        return self.pid

    def publish(self, topic, msg, retain=False, qos=0):
        topic = _b(topic)
        msg = _b(msg)
        body = bytearray()
        _str(body, topic)
        if qos > 0:
            pid = self._next_pid()
            body.extend(ustruct.pack('!H', pid))
        body.extend(msg)
        if qos == 2:
            raise MQTTException('QoS 2 is not supported')
        self._send_packet(0x30 | qos << 1 | (1 if retain else 0), body)
        if qos == 1:
            while True:
                op = self.wait_msg()
                if op == 0x40:
                    sz = self.sock.read(1)
                    rcv_pid = self.sock.read(2)
                    if ustruct.unpack('!H', rcv_pid)[0] == pid:
                        break
        # like the firmware's umqtt: True once sent (QoS 0) or acknowledged (QoS 1)
        return True

    def subscribe(self, topic, qos=0):
        assert self.cb is not None, 'Subscribe callback is not set'
        body = bytearray()
        pid = self._next_pid()
        body.extend(ustruct.pack('!H', pid))
        _str(body, topic)
        body.append(qos)
        self._send_packet(0x82, body)
        while True:
            op = self.wait_msg()
            if op == 0x90:
                resp = self.sock.read(4)
                if resp[1:3] != ustruct.pack('!H', pid):
                    continue
                if resp[3] == 0x80:
                    raise MQTTException(resp[3])
                return

    def _keepalive_due(self):
        return self.keepalive and utime.ticks_diff(utime.ticks_ms(), self._last_io) > self.keepalive * 500

    def wait_msg(self):
        # Blocks until a packet arrives; calls the callback for PUBLISH; returns the packet type otherwise.
        if self.sock is None:
            raise MQTTException('not connected')
        if self._keepalive_due():
            self.ping()
        self.sock.settimeout(self.keepalive / 2 if self.keepalive else None)
        try:
            res = self.sock.read(1)
        except OSError as e:
            if e.args and e.args[0] == 110:
                self.sock.settimeout(None)
                self.ping()
                return None
            self._state = MQTTClient.STA_ERROR
            raise
        self.sock.settimeout(None)
        return self._dispatch(res)

    def _dispatch(self, res):
        if res is None:
            return None
        if res == b'':
            self._state = MQTTClient.STA_CLOSED
            if self.err_cb:
                self.err_cb('server closed the connection')
            raise OSError(-1)
        if res == b'\xd0':
            self.sock.read(1)
            return None
        op = res[0]
        if op & 0xF0 != 0x30:
            return op
        sz = self._recv_len()
        topic_len = ustruct.unpack('!H', self.sock.read(2))[0]
        topic = self.sock.read(topic_len)
        sz -= topic_len + 2
        pid = 0
        if op & 6:
            pid = ustruct.unpack('!H', self.sock.read(2))[0]
            sz -= 2
        msg = self.sock.read(sz) if sz else b''
        if self.cb:
            self.cb(topic, msg)
        if op & 6 == 2:
            self.sock.write(b'\x40\x02' + ustruct.pack('!H', pid))
        return None

    def pending(self):
        # True when a packet (or the end of the connection) is waiting to be read
        return self.sock is not None and self.sock.readable()

    def check_msg(self):
        # Non-blocking: handles one waiting packet, if any.
        if self.sock is None:
            raise MQTTException('not connected')
        if self._keepalive_due():
            self.ping()
        self.sock.setblocking(False)
        try:
            res = self.sock.read(1)
        finally:
            self.sock.setblocking(True)
        return self._dispatch(res)
