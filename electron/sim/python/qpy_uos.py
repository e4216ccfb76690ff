# uos of the simulated module: the interpreter's os, but uname() describes the Quectel module as QuecPython does,
# e.g. (sysname='EC600N', nodename='EC600N', release='1.13.0', version='v1.13 on 2023-06-15',
# machine='EC600N with QUECTEL').
import _qpyhost as _h
import _qpyboot

_os = _qpyboot.internal_import('os')
for _name in dir(_os):
    if not _name.startswith('__') and _name != 'uname' and _name not in _qpyboot.hidden:
        globals()[_name] = getattr(_os, _name)

_collections = _qpyboot.internal_import('collections')
_uname_result = _collections.namedtuple('uname_result', ('sysname', 'nodename', 'release', 'version', 'machine'))


def uname():
    model = _h.info('model') or 'EC600N'
    if _h.info('firmware') == 'legacy':
        release, version = '1.13.0', 'v1.13 on 2023-06-15'
    else:
        release, version = '1.23.0', 'v1.23.0 on 2024-11-20'
    return _uname_result(model, model, release, version, model + ' with QUECTEL')
