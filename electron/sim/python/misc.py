# misc of the simulated module.
import _qpyhost as _h


class Power:
    @staticmethod
    def powerRestart():
        _h.power_restart()

    @staticmethod
    def powerDown():
        _h.power_restart()

    @staticmethod
    def powerOnReason():
        return 1

    @staticmethod
    def getVbatt():
        return 3800


def antennaSecRXOffCtrl(*args):
    return 0
