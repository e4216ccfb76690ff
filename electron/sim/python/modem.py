# modem of the simulated module: identity of the (simulated) hardware.
import _qpyhost as _h


def getDevImei():
    return _h.info('imei')


def getDevModel():
    return _h.info('model')


def getDevSN():
    return 'SIM' + _h.info('imei')[-12:]


def getDevFwVersion():
    return _h.info('model') + 'CNLCR01A01M16_OCPU_QPY'


def getDevProductId():
    return 'Quectel'
