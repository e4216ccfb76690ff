# sim (SIM card) of the simulated module: a ready SIM with fixed identities.
import _qpyhost as _h


def getStatus():
    return 1


def getImsi():
    return _h.info('imsi')


def getIccid():
    return _h.info('iccid')


def getPhoneNumber():
    return ''


def getSimType():
    return 0


def setCallback(cb):
    return 0
