# dataCall of the simulated module: profile 1 is always active with a private IPv4 address.
_IPV4 = [1, 0, '10.145.246.10', '211.138.180.2', '211.138.180.3']
_IPV6 = [1, 0, '::', '::', '::']
_cb = None


def getInfo(profileIdx, ipType):
    if ipType == 0:
        return (profileIdx, ipType, list(_IPV4))
    if ipType == 1:
        return (profileIdx, ipType, list(_IPV6))
    return (profileIdx, 0, list(_IPV4), list(_IPV6))


def start(profileIdx=1, ipType=0, apn='', username='', password='', authType=0):
    return 0


def setPDPContext(*args):
    return 0


def setAutoActivate(*args):
    return 0


def setAutoConnect(*args):
    return 0


def getPDPContext(profileIdx):
    return (0, '', '', '', 0)


def setCallback(cb):
    global _cb
    _cb = cb
    return 0
