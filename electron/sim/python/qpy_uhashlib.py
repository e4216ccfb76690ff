# uhashlib of a simulated firmware built without some hashes (SimulatorOptions.hide, e.g. no sha256).
import _qpyboot

_m = _qpyboot.internal_import('hashlib')
for _name in dir(_m):
    if not _name.startswith('__') and _name not in _qpyboot.hidden:
        globals()[_name] = getattr(_m, _name)
