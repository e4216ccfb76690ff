# gc of the simulated module: mem_free() counts against the module's heap size (the wasm build adds its 128 MiB
# growth allowance). Garbage is only collected between top-level runs, so mem_alloc() may include garbage a module
# would already have collected.
import _qpyhost as _h
import _qpyboot

_gc = _qpyboot.internal_import('gc')
for _name in dir(_gc):
    if not _name.startswith('__'):
        globals()[_name] = getattr(_gc, _name)

_heap = int(_h.info('heap') or 524288)


def mem_free():
    return max(0, _heap - _gc.mem_alloc())
