# Background work of the simulated module: _thread functions, osTimer callbacks and MQTT receive loops run
# cooperatively whenever the foreground waits (sleep, socket) or the REPL is idle.
import _qpyhost as _h
import sys
import micropython

threads = []
timers = []
pollers = []
_depth = 0


def _report(e):
    sys.print_exception(e)


def _publish_state():
    due = -1
    for t in timers:
        if due < 0 or t.due < due:
            due = t.due
    _h.bg_state(len(threads), due, len(pollers))


def add_thread(fn, args, kwargs):
    threads.append((fn, args, kwargs))
    _publish_state()


def add_timer(t):
    if t not in timers:
        timers.append(t)
    _publish_state()


def remove_timer(t):
    if t in timers:
        timers.remove(t)
    _publish_state()


def add_poller(p):
    if p not in pollers:
        pollers.append(p)
    _publish_state()


def remove_poller(p):
    if p in pollers:
        pollers.remove(p)
    _publish_state()


def service():
    global _depth
    if _depth >= 3:
        return
    _depth += 1
    try:
        now = _h.ticks_ms()
        for t in list(timers):
            if t.due <= now:
                if t.period and t.cyclic:
                    t.due = now + t.period
                else:
                    timers.remove(t)
                try:
                    t.callback(t.arg)
                except Exception as e:
                    _report(e)
        for p in list(pollers):
            try:
                p()
            except Exception as e:
                remove_poller(p)
                _report(e)
        while threads:
            fn, args, kwargs = threads.pop(0)
            _publish_state()
            try:
                fn(*args, **kwargs)
            except SystemExit:
                pass
            except Exception as e:
                _report(e)
    finally:
        _depth -= 1
        _publish_state()


def next_wake(deadline):
    # earliest of deadline and the next timer
    for t in timers:
        if t.due < deadline:
            deadline = t.due
    return deadline


def wait_until(deadline):
    # foreground wait that keeps background work going; True when Ctrl-C interrupted it
    while True:
        events = _h.net_events()
        service()
        now = _h.ticks_ms()
        if now >= deadline:
            return False
        wake = next_wake(deadline)
        r = _h.wait_net(wake, events) if pollers else _h.wait_until(wake)
        if r == 1:
            return True


def idle():
    # called by the simulator when the REPL is idle and background work is due
    micropython.kbd_intr(3)
    try:
        service()
    finally:
        micropython.kbd_intr(-1)
