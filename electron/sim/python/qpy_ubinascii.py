# ubinascii of a simulated firmware built without crc32 (SimulatorOptions.hide).
import _qpyboot

_m = _qpyboot.internal_import('binascii')
for _name in dir(_m):
    if not _name.startswith('__') and _name not in _qpyboot.hidden:
        globals()[_name] = getattr(_m, _name)
