# log of the simulated module: leveled loggers printing "[level][tag] message".
DEBUG = 0
INFO = 1
WARNING = 2
ERROR = 3
CRITICAL = 4
_NAMES = ('DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL')
_level = INFO
_loggers = {}


def basicConfig(level=INFO):
    global _level
    _level = level


def set_output(out):
    pass


class Logger:
    def __init__(self, name):
        self.name = name

    def _log(self, level, *args):
        if level >= _level:
            print('[{}][{}] {}'.format(_NAMES[level], self.name, ' '.join(str(a) for a in args)))

    def debug(self, *args):
        self._log(DEBUG, *args)

    def info(self, *args):
        self._log(INFO, *args)

    def warning(self, *args):
        self._log(WARNING, *args)

    def error(self, *args):
        self._log(ERROR, *args)

    def critical(self, *args):
        self._log(CRITICAL, *args)


def getLogger(name):
    if name not in _loggers:
        _loggers[name] = Logger(name)
    return _loggers[name]
