# utime of the simulated module: the interpreter's time functions, with sleeps that wait on the host
# (interruptible by Ctrl-C) instead of spinning.
import _qpyhost as _h
import _qpyboot
import qpy_bg

_t = _qpyboot.internal_import('time')

ticks_ms = _t.ticks_ms
ticks_us = _t.ticks_us
ticks_cpu = _t.ticks_cpu
ticks_add = _t.ticks_add
ticks_diff = _t.ticks_diff
localtime = _t.localtime
mktime = _t.mktime
gmtime = _t.gmtime
try:
    time_ns = _t.time_ns
except AttributeError:
    pass


def time():
    # seconds as an int, as on the module (the wasm build returns a float)
    return int(_t.time())


def sleep_ms(ms):
    deadline = _h.ticks_ms() + int(ms)
    while qpy_bg.wait_until(deadline):
        pass


def sleep(seconds):
    sleep_ms(seconds * 1000)


def sleep_us(us):
    sleep_ms(us / 1000)


def getTimeZone():
    return 0


def setTimeZone(offset):
    pass


qpy_bg.thread_sleeps(sleep, sleep_ms, sleep_us)
