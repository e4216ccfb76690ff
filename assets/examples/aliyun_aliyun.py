# Alibaba Cloud IoT with the aLiYun module: one-device-one-secret, subscribe and publish on the user topics.
# 阿里云物联网平台（aLiYun 模块）：一机一密，订阅并发布自定义主题。
# Fill in ProductKey, DeviceName and DeviceSecret from the Alibaba Cloud console (设备详情页).
import utime
import checkNet
from aLiYun import aLiYun

PRODUCT_KEY = 'a1YoiRfLSbV'                          # 产品密钥 ProductKey
DEVICE_NAME = 'QuecPython_Dev'                       # 设备名称 DeviceName
DEVICE_SECRET = 'a86aadbbe78de7b8248adfc09e458bb9'   # 设备密钥 DeviceSecret
PRODUCT_SECRET = None                                # 一型一密时填写 ProductSecret，DeviceSecret 置 None

SUB_TOPIC = '/{}/{}/user/get'.format(PRODUCT_KEY, DEVICE_NAME)
PUB_TOPIC = '/{}/{}/user/update'.format(PRODUCT_KEY, DEVICE_NAME)


def on_message(topic, msg):
    print('Downlink:', topic, msg)


checknet = checkNet.CheckNetwork('QuecPython_Aliyun', '1.0.0')
checknet.poweron_print_once()
checknet.wait_network_connected()

ali = aLiYun(PRODUCT_KEY, PRODUCT_SECRET, DEVICE_NAME, DEVICE_SECRET)
state = ali.setMqtt(DEVICE_NAME, clean_session=False, keepAlive=300, reconn=True)
if state != 0:
    print('setMqtt failed:', state, '- check the triple and the region')
else:
    ali.setCallback(on_message)
    ali.subscribe(SUB_TOPIC, qos=0)
    ali.start()
    print('connected to Alibaba Cloud')
    for i in range(3):
        ali.publish(PUB_TOPIC, 'Hello, Aliyun! #{}'.format(i), qos=0)
        print('uplink', i)
        utime.sleep(2)
