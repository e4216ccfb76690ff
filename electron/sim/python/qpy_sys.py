# sys of the simulated module: the interpreter's sys, with the version facts of the QuecPython firmware it
# stands for (the wasm build says 1.27/webassembly) and a binary stdout that leaves bytes raw as a device does.
import _qpyhost as _h
import _qpyboot

_io = _qpyboot.internal_import('io')

_sys = _qpyboot.internal_import('sys')
for _name in dir(_sys):
    if not _name.startswith('__'):
        globals()[_name] = getattr(_sys, _name)

_model = _h.info('model') or 'EC600N'
_legacy = _h.info('firmware') == 'legacy'


class _AttrTuple:
    # MicroPython's attrtuple: a tuple whose items are also attributes, printed as (name='micropython', ...)
    def __init__(self, fields, values):
        self._fields = fields
        self._values = values
        for f, v in zip(fields, values):
            setattr(self, f, v)

    def __getitem__(self, i):
        return self._values[i]

    def __len__(self):
        return len(self._values)

    def __iter__(self):
        return iter(self._values)

    def __eq__(self, other):
        return self._values == tuple(other)

    def __repr__(self):
        return '(' + ', '.join('%s=%r' % (f, v) for f, v in zip(self._fields, self._values)) + ')'


if _legacy:
    version = '3.4.0'
    implementation = _AttrTuple(('name', 'version', 'mpy'), ('micropython', (1, 13, 0), 517))
else:
    version = '3.4.0; MicroPython v1.23.0 on 2024-11-20'
    implementation = _AttrTuple(
        ('name', 'version', '_machine', '_mpy'), ('micropython', (1, 23, 0, ''), _model + ' with QUECTEL', 774)
    )
platform = _model


class _RawBuffer(_io.IOBase):
    # sys.stdout.buffer: bytes go out unchanged (no \n -> \r\n), as mpremote's mount protocol needs
    def __init__(self, real):
        self._real = real

    def write(self, data, *length):
        # length: the stream write's optional byte count, write(buf, n), as mpremote mount uses it
        _h.stdout_raw(1)
        try:
            return self._real.write(data, *length)
        finally:
            _h.stdout_raw(0)

    def __getattr__(self, name):
        return getattr(self._real, name)


class _TextOut(_io.IOBase):
    def __init__(self, real):
        self._real = real
        self.buffer = _RawBuffer(real.buffer)

    def write(self, text):
        return self._real.write(text)

    def __getattr__(self, name):
        return getattr(self._real, name)


stdout = _TextOut(_sys.stdout)
stderr = _TextOut(_sys.stderr)
