# checkNet of the simulated module: the network is up at once.
import modem
import sim


def waitNetworkReady(timeout=60):
    return (3, 1)


class CheckNetwork:
    def __init__(self, proj_name, proj_version):
        self.proj_name = proj_name
        self.proj_version = proj_version

    def poweron_print_once(self):
        print('==================================================')
        print('PROJECT_NAME     : {}'.format(self.proj_name))
        print('PROJECT_VERSION  : {}'.format(self.proj_version))
        print('FIRMWARE_VERSION : {}'.format(modem.getDevFwVersion()))
        print('POWERON_REASON   : 1')
        print('SIM_CARD_STATUS  : {}'.format(sim.getStatus()))
        print('==================================================')

    def wait_network_connected(self, timeout=60):
        return (3, 1)
