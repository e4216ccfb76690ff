# usocket of the simulated module: TCP sockets carried by the host's network stack.
import _qpyhost as _h
import uctypes
import qpy_bg

AF_INET = 2
AF_INET6 = 10
SOCK_STREAM = 1
SOCK_DGRAM = 2
SOCK_RAW = 3
IPPROTO_IP = 0
IPPROTO_TCP = 6
IPPROTO_UDP = 17
SOL_SOCKET = 1
SO_REUSEADDR = 2
SO_KEEPALIVE = 9
TCP_KEEPALIVE = 4
_EAGAIN = 11
_EINTR = 4
_ETIMEDOUT = 110
_FOREVER = 1 << 30


def getaddrinfo(host, port, af=0, type=0, proto=0, flags=0):
    if isinstance(host, bytes):
        host = host.decode()
    return [(AF_INET, SOCK_STREAM, IPPROTO_TCP, '', (host, port))]


class socket:
    def __init__(self, af=AF_INET, type=SOCK_STREAM, proto=0):
        if type != SOCK_STREAM:
            raise OSError(95)
        self._id = _h.net_socket()
        self._timeout = None
        self._closed = False

    def _check(self, r):
        if r < 0:
            raise OSError(-r)
        return r

    def connect(self, addr):
        host = addr[0]
        if isinstance(host, bytes):
            host = host.decode()
        while True:
            r = _h.net_connect(self._id, host, int(addr[1]))
            if r != -_EINTR:
                break
        self._check(r)

    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        if not len(data):
            return 0
        return self._check(_h.net_send(self._id, uctypes.addressof(data), len(data)))

    def sendall(self, data):
        self.send(data)

    def write(self, data, n=None):
        if n is not None:
            data = memoryview(data)[:n]
        return self.send(data)

    def _deadline(self):
        if self._timeout is None:
            return None
        return _h.ticks_ms() + int(self._timeout * 1000)

    def _recv_into(self, buf, n, deadline):
        # one chunk: >0 bytes, 0 at end of stream, None when non-blocking and nothing is waiting
        addr = uctypes.addressof(buf)
        while True:
            events = _h.net_events()
            r = _h.net_recv(self._id, addr, n)
            if r >= 0:
                return r
            if r != -_EAGAIN:
                raise OSError(-r)
            if self._timeout == 0:
                return None
            if deadline is not None and _h.ticks_ms() >= deadline:
                raise OSError(_ETIMEDOUT)
            qpy_bg.wait_net(deadline if deadline is not None else _h.ticks_ms() + _FOREVER, events)

    def recv(self, n):
        buf = bytearray(n)
        got = self._recv_into(buf, n, self._deadline())
        if got is None:
            raise OSError(_EAGAIN)
        return bytes(buf[:got])

    def readinto(self, buf, nbytes=None):
        n = len(buf) if nbytes is None else nbytes
        got = self._recv_into(buf, n, self._deadline())
        return got

    def read(self, n=-1):
        # stream read: blocks until n bytes or end of stream; None when non-blocking and nothing is waiting
        if n is None or n < 0:
            chunks = []
            while True:
                b = self.recv(1024)
                if not b:
                    return b''.join(chunks)
                chunks.append(b)
        buf = bytearray(n)
        mv = memoryview(buf)
        got = 0
        deadline = self._deadline()
        while got < n:
            r = self._recv_into(mv[got:], n - got, deadline)
            if r is None:
                if got == 0:
                    return None
                qpy_bg.wait_net(_h.ticks_ms() + 50, _h.net_events())
                continue
            if r == 0:
                break
            got += r
        return bytes(buf[:got])

    def readline(self):
        out = bytearray()
        while True:
            b = self.read(1)
            if not b:
                break
            out += b
            if b == b'\n':
                break
        return bytes(out)

    def readable(self):
        return _h.net_readable(self._id) > 0

    def setblocking(self, flag):
        self._timeout = None if flag else 0

    def settimeout(self, value):
        self._timeout = value

    def setsockopt(self, level, optname, value):
        pass

    def makefile(self, mode='rb', buffering=0):
        return self

    def close(self):
        if not self._closed:
            self._closed = True
            _h.net_close(self._id)

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.close()

    def __del__(self):
        self.close()
