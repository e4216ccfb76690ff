# OneNET (China Mobile) over MQTT with umqtt: connect, subscribe to the reply topic, publish one data point.
# OneNET（中国移动）MQTT 物联网套件：使用 umqtt 连接、订阅回复主题并上报一个数据点。
# Fill in your product ID, device name and token (generate the token in QPY Studio's cloud wizard).
from umqtt import MQTTClient
import ujson
import utime

SERVER = 'mqtts.heclouds.com'
PORT = 1883
PRODUCT_ID = '469948'          # 产品ID
DEVICE_NAME = 'Chic_D'         # 设备名称
TOKEN = 'version=2018-10-31&res=products%2F469948%2Fdevices%2FChic_D&et=1673053248&method=sha1&sign=prIMDQ23WFI6PMj2IWpaRJJL4eE%3D'

PUB_TOPIC = '$sys/{}/{}/dp/post/json'.format(PRODUCT_ID, DEVICE_NAME)
SUB_TOPIC = PUB_TOPIC + '/+'

replied = False


def on_message(topic, msg):
    global replied
    print('Downlink:', topic.decode(), msg.decode())
    replied = True


client = MQTTClient(DEVICE_NAME, SERVER, PORT, PRODUCT_ID, TOKEN, keepalive=30)
client.set_callback(on_message)
client.connect()
print('connected to OneNET')
client.subscribe(SUB_TOPIC)

payload = {'id': 123, 'dp': {'temperature': [{'v': 30}], 'power': [{'v': 4.5}]}}
client.publish(PUB_TOPIC, ujson.dumps(payload))
print('uplink sent:', payload)

deadline = utime.time() + 10
while not replied and utime.time() < deadline:
    client.check_msg()
    utime.sleep_ms(200)
client.disconnect()
print('disconnected')
