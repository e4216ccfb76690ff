# Background work of the simulated module: _thread threads, osTimer callbacks and MQTT receive loops.
# A thread whose function sleeps at statement level runs as a generator (see thread-transform.ts): it is stepped
# from one sleep to the next whenever the foreground waits (sleep, socket, lock) or the REPL is idle, so threads
# interleave and the REPL stays live. Other threads run to completion when started.
import _qpyhost as _h
import _qpyboot
import sys
import micropython

threads = []
timers = []
pollers = []
_depth = 0
_idle = False
_next_ident = 1
current = None
# the name of the function start_new_thread is entering (see enter())
_pending = None


class _Started(BaseException):
    # raised by enter() through the thread function to _start, carrying its generator
    pass


class _Thread:
    def __init__(self, ident, fn, args, kwargs):
        self.ident = ident
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.gen = None
        self.wake = 0
        self.running = False


def _report(e):
    sys.print_exception(e)


def _report_thread(th, e):
    # as MicroPython's modthread.c prints an exception nobody caught in a thread
    print('Unhandled exception in thread started by', repr(th.fn))
    sys.print_exception(e)


def _publish_state():
    due = -1
    for t in timers:
        if due < 0 or t.due < due:
            due = t.due
    ready = 0
    for th in threads:
        if th.running:
            continue
        if th.gen is None:
            ready += 1
        elif due < 0 or th.wake < due:
            due = th.wake
    _h.bg_state(ready, due, len(pollers))


def add_thread(fn, args, kwargs):
    global _next_ident
    _next_ident += 1
    threads.append(_Thread(_next_ident, fn, args, kwargs))
    _publish_state()
    return _next_ident


def get_ident():
    return current.ident if current is not None else 1


def enter(name, key, g, args, kwargs):
    # first call in a rewritten function: None, unless start_new_thread is entering it (then its generator)
    global _pending
    p = _pending
    _pending = None
    if p is None or p != name:
        return None
    code = _qpyboot._orig_compile(_h.thread_source(key), _h.thread_filename(key), 'exec')
    ns = {}
    exec(code, g, ns)
    raise _Started(ns[name](*args, **kwargs))


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


def _start(th):
    # calls the thread function: a rewritten one returns its generator at once, others run to completion
    global _pending
    _pending = getattr(th.fn, '__name__', None)
    interruptible = _idle
    if interruptible:
        micropython.kbd_intr(3)
    try:
        th.fn(*th.args, **th.kwargs)
    except _Started as started:
        th.gen = started.args[0]
        return True
    finally:
        _pending = None
        if interruptible:
            micropython.kbd_intr(-1)
    return False


def _resume(th):
    # one step of a generator thread; Ctrl-C meant for the foreground is held back and raised afterwards
    ch = _h.interrupt_char()
    if ch >= 0:
        _h.defer_interrupt(ch)
        micropython.kbd_intr(-1)
    try:
        ms = next(th.gen)
        th.wake = _h.ticks_ms() + int(ms)
    finally:
        if ch >= 0:
            micropython.kbd_intr(ch)
            if _h.defer_interrupt(-1):
                raise KeyboardInterrupt


def _step(th):
    global current
    prev = current
    current = th
    th.running = True
    try:
        if th.gen is None and not _start(th):
            threads.remove(th)
            return
        _resume(th)
    except StopIteration:
        threads.remove(th)
    except SystemExit:
        threads.remove(th)
    except Exception as e:
        if th in threads:
            threads.remove(th)
        _report_thread(th, e)
    finally:
        th.running = False
        current = prev
        _publish_state()


def service():
    global _depth
    if _depth >= 3:
        return
    _depth += 1
    try:
        _callbacks()
        for th in list(threads):
            if th.running or th not in threads:
                continue
            if th.gen is not None and th.wake > _h.ticks_ms():
                continue
            _step(th)
    finally:
        _depth -= 1
        _publish_state()


def _callbacks():
    # due osTimer callbacks and receive pollers; at the idle REPL Ctrl-C stops them
    if _idle:
        micropython.kbd_intr(3)
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
    finally:
        if _idle:
            micropython.kbd_intr(-1)


def next_wake(deadline):
    # earliest of deadline, the next timer and the next sleeping thread
    for t in timers:
        if t.due < deadline:
            deadline = t.due
    for th in threads:
        if not th.running:
            w = th.wake if th.gen is not None else 0
            if w < deadline:
                deadline = w
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
        if wake <= now:
            continue
        r = _h.wait_net(wake, events) if pollers else _h.wait_until(wake)
        if r == 1:
            return True


def idle():
    # called by the simulator when the REPL is idle and background work is due: Ctrl-C typed while a thread steps
    # reaches the prompt, as on a module; timers, pollers and threads that run to completion it stops
    global _idle
    _idle = True
    try:
        service()
    finally:
        _idle = False
