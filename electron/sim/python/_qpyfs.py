# Flash file systems of the simulated module: /usr and /bak backed by the host, '/' read-only.
import _qpyhost as _h
import io
import ujson
import uctypes

_S_IFDIR = 0x4000
# path -> source the importer reads instead of the file's (set by _qpyboot around an import)
import_sources = {}
_S_IFREG = 0x8000


def _check(r):
    if type(r) is int and r < 0:
        raise OSError(-r)
    return r


def _addr(buf):
    return uctypes.addressof(buf)


class FlashFile(io.IOBase):
    def __init__(self, handle, binary, path):
        self._h = handle
        self._binary = binary
        self._closed = False
        self.name = path

    def readinto(self, buf):
        n = len(buf)
        if n == 0:
            return 0
        return _check(_h.fs_read(self._h, _addr(buf), n))

    def read(self, n=-1):
        if self._closed:
            raise OSError(9)
        if n is None or n < 0:
            chunks = []
            while True:
                b = bytearray(4096)
                got = _check(_h.fs_read(self._h, _addr(b), 4096))
                if got == 0:
                    break
                chunks.append(bytes(b[:got]))
            data = b''.join(chunks)
        else:
            b = bytearray(n)
            got = _check(_h.fs_read(self._h, _addr(b), n)) if n else 0
            data = bytes(b[:got])
        return data if self._binary else data.decode()

    def readline(self, limit=-1):
        out = bytearray()
        one = bytearray(1)
        while limit < 0 or len(out) < limit:
            if _check(_h.fs_read(self._h, _addr(one), 1)) == 0:
                break
            out.append(one[0])
            if one[0] == 10:
                break
        return bytes(out) if self._binary else out.decode()

    def readlines(self):
        lines = []
        while True:
            line = self.readline()
            if not line:
                return lines
            lines.append(line)

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def write(self, data):
        if self._closed:
            raise OSError(9)
        if isinstance(data, str):
            if self._binary:
                raise TypeError("object with buffer protocol required")
            data = data.encode()
        n = len(data)
        if n == 0:
            return 0
        return _check(_h.fs_write(self._h, _addr(data), n))

    def seek(self, offset, whence=0):
        return _check(_h.fs_seek(self._h, offset, whence))

    def tell(self):
        return _check(_h.fs_seek(self._h, 0, 1))

    def flush(self):
        _check(_h.fs_flush(self._h))

    def close(self):
        if not self._closed:
            self._closed = True
            _check(_h.fs_close(self._h))

    def ioctl(self, request, arg):
        # stream protocol used by the interpreter (import, print(file=)): 1 flush, 4 close
        if request == 1:
            self.flush()
        elif request == 4:
            self.close()
        return 0

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.close()

    def __del__(self):
        self.close()

    def __repr__(self):
        return "<io.%s %d>" % ("FileIO" if self._binary else "TextIOWrapper", self._h)


def _uninterrupted(stat, path):
    # The import search takes any exception from a file system's stat() for "no such file": a Ctrl-C meanwhile is
    # raised after the return instead (VFS_GATE in types.ts). No jump (an interpreter check) may come before vfs_enter
    # or after vfs_leave.
    _h.vfs_enter()
    try:
        r = stat(path)
    finally:
        _h.vfs_leave()
    return r


def _join(base, path):
    if not path.startswith('/'):
        path = base.rstrip('/') + '/' + path
    parts = []
    for p in path.split('/'):
        if p == '' or p == '.':
            continue
        if p == '..':
            if parts:
                parts.pop()
        else:
            parts.append(p)
    return '/' + '/'.join(parts)


class FlashVfs:
    def __init__(self, volume):
        self._vol = '/' + volume
        self._cwd = '/'

    def _p(self, path):
        rel = _join(self._cwd, path)
        return self._vol if rel == '/' else self._vol + rel

    def mount(self, readonly, mkfs):
        pass

    def umount(self):
        pass

    def ilistdir(self, path='/'):
        for name, is_dir, size in ujson.loads(_check(_h.fs_list(self._p(path)))):
            yield (name, _S_IFDIR if is_dir else _S_IFREG, 0, size)

    def chdir(self, path):
        p = _join(self._cwd, path)
        st = _check(_h.fs_stat(self._p(p)))
        if not ujson.loads(st)[0]:
            raise OSError(20)
        self._cwd = p

    def getcwd(self):
        return '' if self._cwd == '/' else self._cwd

    def mkdir(self, path):
        _check(_h.fs_mkdir(self._p(path)))

    def rmdir(self, path):
        _check(_h.fs_rmdir(self._p(path)))

    def remove(self, path):
        _check(_h.fs_remove(self._p(path)))

    def rename(self, old, new):
        _check(_h.fs_rename(self._p(old), self._p(new)))

    def stat(self, path):
        return _uninterrupted(self._stat, path)

    def _stat(self, path):
        is_dir, size, mtime = ujson.loads(_check(_h.fs_stat(self._p(path))))
        mode = _S_IFDIR if is_dir else _S_IFREG
        return (mode, 0, 0, 0, 0, 0, size, mtime, mtime, mtime)

    def statvfs(self, path):
        return tuple(ujson.loads(_check(_h.fs_statvfs(self._vol))))

    def open(self, path, mode='r'):
        if import_sources and mode == 'rb':
            source = import_sources.pop(self._p(path), None)
            if source is not None:
                return io.BytesIO(source)
        handle = _check(_h.fs_open(self._p(path), mode))
        return FlashFile(handle, 'b' in mode, path)


class RootVfs:
    # '/' of the module: refuses writes; also serves the frozen library under /.frozen (not listed).
    def mount(self, readonly, mkfs):
        pass

    def umount(self):
        pass

    def _lib(self, path):
        p = _join('/', path)
        if p == '/.frozen':
            return '/', 1
        if p.startswith('/.frozen/'):
            rel = p[8:]
            return rel, _h.lib_stat(rel)
        return p, -2

    def ilistdir(self, path='/'):
        if _join('/', path) != '/':
            raise OSError(2)
        return iter(())

    def chdir(self, path):
        if _join('/', path) != '/':
            raise OSError(2)

    def getcwd(self):
        return ''

    def stat(self, path):
        return _uninterrupted(self._stat, path)

    def _stat(self, path):
        if _join('/', path) == '/':
            return (_S_IFDIR, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        rel, kind = self._lib(path)
        if kind == 1:
            return (_S_IFDIR, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        if kind == 0:
            return (_S_IFREG, 0, 0, 0, 0, 0, len(_h.lib_read(rel)), 0, 0, 0)
        raise OSError(2)

    def statvfs(self, path):
        return (4096, 4096, 0, 0, 0, 0, 0, 0, 0, 255)

    def open(self, path, mode='r'):
        rel, kind = self._lib(path)
        if kind == 0 and 'w' not in mode and 'a' not in mode and '+' not in mode:
            data = _h.lib_read(rel)
            return io.BytesIO(data.encode()) if 'b' in mode else io.StringIO(data)
        if 'r' in mode and '+' not in mode:
            raise OSError(2)
        raise OSError(13)

    def mkdir(self, path):
        raise OSError(13)

    def rmdir(self, path):
        raise OSError(13)

    def remove(self, path):
        raise OSError(13)

    def rename(self, old, new):
        raise OSError(13)
