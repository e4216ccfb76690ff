# osTimer of the simulated module: callbacks run cooperatively (see _thread).
import qpy_bg
import _qpyhost as _h


class osTimer:
    def __init__(self):
        self.due = 0
        self.period = 0
        self.cyclic = False
        self.callback = None
        self.arg = None

    def start(self, period, cyclic, callback):
        self.period = int(period)
        self.cyclic = bool(cyclic)
        self.callback = callback
        self.arg = self
        self.due = _h.ticks_ms() + self.period
        qpy_bg.add_timer(self)
        return 0

    def stop(self):
        qpy_bg.remove_timer(self)
        return 0

    def delete_timer(self):
        qpy_bg.remove_timer(self)
        return 0
