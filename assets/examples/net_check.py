# Network check: SIM status, data call (PDP context) and signal, as you would check them by hand in the REPL.
# 网络检查：SIM 卡状态、拨号（PDP 上下文）和信号，与在 REPL 中手动检查的步骤相同。
import utime
import sim
import dataCall
import checkNet
import net

PROJECT_NAME = 'QuecPython_NetCheck'
PROJECT_VERSION = '1.0.0'

print('SIM status:', sim.getStatus(), '(1 = ready)')
print('Signal (CSQ):', net.csqQueryPoll())

checknet = checkNet.CheckNetwork(PROJECT_NAME, PROJECT_VERSION)
checknet.poweron_print_once()
stagecode, subcode = checknet.wait_network_connected(30)
if stagecode == 3 and subcode == 1:
    info = dataCall.getInfo(1, 0)
    print('Network ready, data call info:', info)
else:
    print('Network not ready: stage', stagecode, 'sub', subcode)
    print('Check the SIM card, the antenna and the APN.')
