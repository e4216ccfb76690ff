# Background work of the simulated module: _thread threads, osTimer callbacks and MQTT receive loops.
# A thread runs as a generator: the twin of its function (see thread-transform.ts), which pauses at every sleep,
# socket or lock wait, however deep in its calls, and every few milliseconds in a loop. It is stepped whenever the
# foreground waits (sleep, socket, lock) or the REPL is idle, so threads interleave and the REPL stays live. A
# function without a twin runs to completion in the step that starts it.
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
# the name of the function co() is calling, so that its entry call hands back its twin (see enter())
pending = None
# twins' code by key; (globals, function) by key for functions that close over nothing
_codes = {}
_fns = {}
# preemption: a thread step gives way in a loop once its time slice is over
_SLICE_MS = 10
_slice_end = 0
_budget = 0


class _Started(BaseException):
    # raised by enter() through the dual-mode function to co(), carrying its twin's generator
    pass


class _Thread:
    def __init__(self, ident, fn, args, kwargs):
        self.ident = ident
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.gen = None
        self.wake = 0
        # net_events() value the thread waits to change (a socket wait), or None
        self.net = None
        self.running = False


def _f():
    pass


def _closure(x):
    def c():
        return x
    return c


class _C:
    def m(self):
        pass


_FUNCTION = type(_f)
_CLOSURE = type(_closure(0))
_BOUND = type(_C().m)


def _report(e):
    sys.print_exception(e)


def _report_thread(th, e):
    # as MicroPython's modthread.c prints an exception nobody caught in a thread, without the scheduler's frames
    print('Unhandled exception in thread started by', repr(th.fn))
    buf = _qpyboot.internal_import('io').StringIO()
    sys.print_exception(e, buf)
    for line in buf.getvalue().split('\n'):
        if line and '/qpylib/qpy_bg.py' not in line:
            print(line)


def _net_waiters():
    n = 0
    for th in threads:
        if th.net is not None:
            n += 1
    return n


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
    _h.bg_state(ready, due, len(pollers) + _net_waiters())


def add_thread(fn, args, kwargs):
    global _next_ident
    _next_ident += 1
    threads.append(_Thread(_next_ident, fn, args, kwargs))
    _publish_state()
    return _next_ident


def get_ident():
    return current.ident if current is not None else 1


def _twin(name, key, g, free):
    code = _codes.get(key)
    if code is None:
        code = _qpyboot._orig_compile(_h.thread_source(key), _h.thread_filename(key), 'exec')
        _codes[key] = code
    if not free:
        hit = _fns.get(key)
        if hit is not None and hit[0] is g:
            return hit[1]
    ns = {}
    exec(code, g, ns)
    fn = ns[name] if free is None else ns['_qpy_shim'](*free)
    if not free:
        _fns[key] = (g, fn)
    return fn


def enter(name, key, g, args, kwargs, free=None):
    # first call in a dual-mode function: None, unless co() is calling it (then it raises its twin's generator)
    global pending
    p = pending
    pending = None
    if p != name:
        return None
    raise _Started(_twin(name, key, g, free)(*args, **kwargs))


def co(_qpy_f, *a, **k):
    # a call made by a thread: the module's waits pause the thread, dual-mode functions run as their twin
    global pending
    t = type(_qpy_f)
    if t is _FUNCTION:
        w = _waits.get(_qpy_f)
        if w is not None:
            return (yield from w(*a, **k))
    elif t is not _CLOSURE and (t is not _BOUND or not hasattr(_qpy_f, '__name__')):
        return _qpy_f(*a, **k)  # builtins and their bound methods, classes, generator functions
    pending = _qpy_f.__name__
    try:
        return _qpy_f(*a, **k)
    except _Started as started:
        gen = started.args[0]
    finally:
        pending = None
    return (yield from gen)


def over():
    # preemption point of a thread's loop: True once its time slice is over
    global _budget
    _budget -= 1
    if _budget > 0:
        return False
    _budget = 64
    return _h.ticks_ms() >= _slice_end


def src(source, mode):
    # exec()/eval() of a string compile it as the module's compile() does
    if isinstance(source, str):
        return _qpyboot._compile(source, '<string>', mode)
    return source


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


def _resume(th, first):
    # one step of a thread. Ctrl-C meant for the foreground is held back and raised afterwards; at the idle REPL the
    # step that starts a thread may be interrupted (a function without a twin runs to completion in it)
    global _slice_end, _budget
    _slice_end = _h.ticks_ms() + _SLICE_MS
    _budget = 64
    interruptible = first and _idle
    ch = -1 if interruptible else _h.interrupt_char()
    if interruptible:
        micropython.kbd_intr(3)
    elif ch >= 0:
        _h.defer_interrupt(ch)
        micropython.kbd_intr(-1)
    try:
        v = next(th.gen)
        if type(v) is tuple:
            th.wake = v[0]
            th.net = v[1]
        else:
            th.wake = _h.ticks_ms() + int(v)
            th.net = None
    finally:
        if interruptible:
            micropython.kbd_intr(-1)
        elif ch >= 0:
            micropython.kbd_intr(ch)
            if _h.defer_interrupt(-1):
                raise KeyboardInterrupt


def _step(th):
    global current
    prev = current
    current = th
    th.running = True
    try:
        first = th.gen is None
        if first:
            th.gen = co(th.fn, *th.args, **th.kwargs)
        _resume(th, first)
    except StopIteration:
        threads.remove(th)
    except SystemExit:
        threads.remove(th)
    except KeyboardInterrupt:
        if th in threads:
            threads.remove(th)
        raise
    except Exception as e:
        if th in threads:
            threads.remove(th)
        _report_thread(th, e)
    finally:
        th.running = False
        current = prev
        _publish_state()


def _due(th, now):
    if th.gen is None or th.wake <= now:
        return True
    return th.net is not None and _h.net_events() != th.net


def _wake_of(th):
    # list.sort is not stable: threads due at the same time keep the order they were started in
    return (th.wake if th.gen is not None else 0, th.ident)


def service(callbacks=True):
    global _depth
    if _depth >= 3:
        return
    _depth += 1
    try:
        if callbacks:
            _callbacks()
        now = _h.ticks_ms()
        due = [th for th in threads if not th.running and _due(th, now)]
        # in the order they fell due (a late wake-up finds several due at once)
        due.sort(key=_wake_of)
        for th in due:
            if th in threads and not th.running:
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


def _watch_net():
    return pollers or _net_waiters()


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
        r = _h.wait_net(wake, events) if _watch_net() else _h.wait_until(wake)
        if r == 1:
            return True


def wait_net(deadline, events):
    # foreground wait for network data (net_events() no longer `events`) or the deadline, keeping background work
    # going (threads; not receive pollers and timers, which may read the socket being waited on); 1 when Ctrl-C
    # interrupted it
    while True:
        service(False)
        now = _h.ticks_ms()
        if now >= deadline or _h.net_events() != events:
            return 0
        wake = next_wake(deadline)
        if wake <= now:
            continue
        r = _h.wait_net(wake, events)
        if r == 1:
            return 1


# what the module's waits do in a thread: pause it (see co())
def _thread_wait_until(deadline):
    yield max(0, deadline - _h.ticks_ms())
    return False


def _thread_wait_net(deadline, events):
    yield (deadline, events)
    return 0


def _thread_sleep_ms(ms):
    yield ms


def _thread_sleep(seconds):
    yield seconds * 1000


def _thread_sleep_us(us):
    yield us / 1000


_waits = {wait_until: _thread_wait_until, wait_net: _thread_wait_net}


def thread_sleeps(sleep, sleep_ms, sleep_us):
    # utime registers its sleeps
    _waits[sleep] = _thread_sleep
    _waits[sleep_ms] = _thread_sleep_ms
    _waits[sleep_us] = _thread_sleep_us


def idle():
    # called by the simulator when the REPL is idle and background work is due: Ctrl-C typed while a thread steps
    # reaches the prompt, as on a module; timers, pollers and threads that run to completion it stops
    global _idle
    _idle = True
    try:
        service()
    finally:
        _idle = False
