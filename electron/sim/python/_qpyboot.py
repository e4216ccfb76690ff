# Boot of the simulated QuecPython module: file systems, module names, __main__ helpers.
import sys
import vfs
import builtins
import micropython
import _qpyhost
import _qpyfs

_orig_import = builtins.__import__
_legacy = _qpyhost.info('firmware') == 'legacy'

# MicroPython 1.13 had only the u-prefixed names of these modules.
_U_ONLY = (
    'os', 'time', 'binascii', 'hashlib', 'json', 'zlib', 'struct', 'socket', 'io', 'errno', 'select',
    'random', 're', 'collections', 'heapq', 'ssl', 'asyncio', 'ctypes', 'platform',
)
# Modules that do not exist on QuecPython at all.
_HIDDEN = ('js', 'jsffi', 'vfs', 'deflate', 'uvfs', 'udeflate', 'ujs', 'ujsffi')
# name -> module of the personality that stands in for it
_ALIASES = {
    'utime': 'qpy_utime',
    'uzlib': 'qpy_uzlib',
    'usocket': 'qpy_usocket',
    'uerrno': 'qpy_uerrno',
    'uos': 'qpy_uos',
    'sys': 'qpy_sys',
    'usys': 'qpy_sys',
    'gc': 'qpy_gc',
}
if not _legacy:
    _ALIASES.update({'os': 'qpy_uos', 'time': 'qpy_utime', 'zlib': 'qpy_uzlib', 'socket': 'qpy_usocket', 'errno': 'qpy_uerrno'})
# Features this simulated firmware leaves out (SimulatorOptions.hide): stand-ins without them.
hidden = _qpyhost.info('hide').split(',')
if 'uzlib' in hidden:
    _HIDDEN = _HIDDEN + ('uzlib',)
    del _ALIASES['uzlib']
for _feature, _names, _standin in (('sha256', ('hashlib', 'uhashlib'), 'qpy_uhashlib'), ('crc32', ('binascii', 'ubinascii'), 'qpy_ubinascii')):
    if _feature in hidden:
        for _n in _names:
            _ALIASES[_n] = _standin


def _import(name, globals=None, locals=None, fromlist=None, level=0):
    if level == 0:
        top = name.split('.')[0]
        if top in _HIDDEN or (_legacy and top in _U_ONLY):
            raise ImportError("no module named '%s'" % name)
        alias = _ALIASES.get(name)
        if alias is not None:
            return _orig_import(alias, globals, locals, fromlist, level)
        if name not in sys.modules and _prepare_import(name):
            try:
                return _orig_import(name, globals, locals, fromlist, level)
            finally:
                _qpyfs.import_sources.clear()
    return _orig_import(name, globals, locals, fromlist, level)


def _prepare_import(name):
    # The importer compiles a module file itself: what it reads of a file on the flash is the source as the module
    # compiles it (thread functions made dual-mode, legacy syntax; see rewrite_source). True when it differs.
    os = internal_import('os')
    parts = name.split('.')
    changed = False
    for n in range(1, len(parts) + 1):
        rel = '/'.join(parts[:n])
        if '.'.join(parts[:n]) in sys.modules:
            continue
        for d in sys.path:
            if d == '/.frozen':
                continue
            base = d + '/' + rel if d else rel
            found = None
            for path in (base + '.py', base + '/__init__.py'):
                try:
                    os.stat(path)
                    found = path
                    break
                except OSError:
                    pass
            if found is None:
                continue
            f = open(found)
            try:
                src = f.read()
            finally:
                f.close()
            rewritten = _qpyhost.rewrite_source(src, found)
            if rewritten:
                full = found if found.startswith('/') else os.getcwd().rstrip('/') + '/' + found
                _qpyfs.import_sources[full] = rewritten.encode()
                changed = True
            break
    return changed


_orig_compile = builtins.compile


def _compile(source, filename, mode, *args):
    # what the module compiles: thread functions made steppable, legacy syntax (see rewrite_source)
    if isinstance(source, str):
        source = _qpyhost.rewrite_source(source, filename) or source
    return _orig_compile(source, filename, mode, *args)


def internal_import(name):
    # For the personality's own modules: the real module behind any name.
    return _orig_import(name, None, None, ('_',), 0)


def _input(prompt=None):
    # builtins.input: the wasm build's readline never sees the UART, so the host edits the line.
    if prompt is not None:
        sys.stdout.write(str(prompt))
    while True:
        line = _qpyhost.read_line()
        if line == 0:
            continue  # Ctrl-C arrived as an interrupt: the VM raises KeyboardInterrupt here
        if line == 3:
            raise KeyboardInterrupt
        if line == 4:
            raise EOFError
        return line


def setup():
    vfs.umount('/')
    vfs.mount(_qpyfs.RootVfs(), '/')
    vfs.mount(_qpyfs.FlashVfs('usr'), '/usr')
    vfs.mount(_qpyfs.FlashVfs('bak'), '/bak')
    import os
    os.chdir('/usr')
    sys.path.clear()
    sys.path.extend(('', '/usr', '/.frozen'))
    builtins.__import__ = _import
    builtins.input = _input
    builtins.compile = _compile
    import qpy_bg
    builtins._qpy_thread = qpy_bg


def run_main():
    # pyexec_file('/usr/main.py') in __main__, interruptible by Ctrl-C.
    import __main__
    f = open('/usr/main.py')
    try:
        src = f.read()
    finally:
        f.close()
    code = _compile(src, 'main.py', 'exec')
    micropython.kbd_intr(3)
    _qpyhost.listening()
    try:
        exec(code, __main__.__dict__)
    finally:
        micropython.kbd_intr(-1)
