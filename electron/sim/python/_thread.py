# _thread of the simulated module. The interpreter has one stack: threads are stepped by qpy_bg from sleep to sleep
# when their function sleeps at statement level, others run to completion when they start (see qpy_bg).
import qpy_bg
import _qpyhost as _h

def start_new_thread(function, args, kwargs=None):
    return qpy_bg.add_thread(function, tuple(args), kwargs or {})


def get_ident():
    return qpy_bg.get_ident()


def stack_size(size=0):
    return 8192


def get_heap_size():
    return 512 * 1024


def exit():
    raise SystemExit


class LockType:
    def __init__(self):
        self._locked = False

    def acquire(self, waitflag=1, timeout=-1):
        if not self._locked:
            self._locked = True
            return True
        if not waitflag:
            return False
        deadline = _h.ticks_ms() + (int(timeout * 1000) if timeout >= 0 else 1 << 30)
        while self._locked:
            if _h.ticks_ms() >= deadline:
                return False
            qpy_bg.wait_until(_h.ticks_ms() + 10)
        self._locked = True
        return True

    def release(self):
        if not self._locked:
            raise RuntimeError('lock not acquired')
        self._locked = False

    def locked(self):
        return self._locked

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *args):
        self.release()


def allocate_lock():
    return LockType()
