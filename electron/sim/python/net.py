# net of the simulated module: registered on LTE with a good signal.


def csqQueryPoll():
    return 28


def getSignal(flag=0):
    return ([-65, -75, 28, 0, 0], [-95, -9, -65, 15, 0])


def getState():
    return ([11, 1, 1, 'A123', '0C1B2D3', 7, 0, 0], [11, 1, 1, 'A123', '0C1B2D3', 7, 0, 0])


def getConfig():
    return (5, False)


def getNetMode():
    return (0, '460', '00', 7)


def operatorName():
    return ('CHINA MOBILE', 'CMCC', '460', '00')


def getCellInfo():
    return ([], [], [(0, 1234567, 460, 0, 123, 1300, 0, -65, -9)])


def getModemFun():
    return 1


def setModemFun(fun, rst=0):
    return 0


def nitzTime():
    return ('', '', 0)
