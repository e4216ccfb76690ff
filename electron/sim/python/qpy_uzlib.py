# uzlib of the simulated module (MicroPython 1.13 API) on top of the interpreter's deflate module.
import _qpyboot

_deflate = _qpyboot.internal_import('deflate')
_io = _qpyboot.internal_import('io')


def _format(wbits):
    if wbits < 0:
        return _deflate.RAW, -wbits
    if wbits > 16:
        return _deflate.GZIP, wbits - 16
    return _deflate.ZLIB, wbits


def decompress(data, wbits=15, bufsize=0):
    fmt, bits = _format(wbits)
    with _deflate.DeflateIO(_io.BytesIO(data), fmt, bits) as f:
        return f.read()


class DecompIO:
    def __init__(self, stream, wbits=0):
        fmt, bits = _format(wbits) if wbits else (_deflate.AUTO, 0)
        self._d = _deflate.DeflateIO(stream, fmt, bits)

    def read(self, n=-1):
        return self._d.read(n) if n >= 0 else self._d.read()

    def readinto(self, buf):
        return self._d.readinto(buf)

    def readline(self):
        return self._d.readline()
