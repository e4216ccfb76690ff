# Huawei Cloud IoTDA over MQTT with umqtt: report properties and wait for a downlink message.
# 华为云 IoTDA：使用 umqtt 上报属性并等待下行消息。
# Fill in the device ID and the client ID / password from QPY Studio's cloud wizard.
from umqtt import MQTTClient
import ujson
import utime

SERVER = 'a15fbbd7ce.iot-mqtts.cn-north-4.myhuaweicloud.com'
PORT = 1883
DEVICE_ID = '5fbbb784b4ec2202e982e643_868540050954037'  # 设备ID
CLIENT_ID = DEVICE_ID + '_0_0_2021011909'
PASSWORD = '8001a12405743199b3396943a2ed397286117a9ebab4f5dfda8dd6fafe341d94'

REPORT_TOPIC = '$oc/devices/{}/sys/properties/report'.format(DEVICE_ID)
DOWN_TOPIC = '$oc/devices/{}/sys/messages/down'.format(DEVICE_ID)

received = False


def on_message(topic, msg):
    global received
    print('Downlink:', topic.decode(), msg.decode())
    received = True


client = MQTTClient(CLIENT_ID, SERVER, PORT, DEVICE_ID, PASSWORD, keepalive=30)
client.set_callback(on_message)
client.connect()
print('connected to Huawei Cloud IoTDA')
client.subscribe(DOWN_TOPIC)

report = {'services': [{'service_id': 'WaterMeterControl', 'properties': {'state': 'T:15c, H:85%'}}]}
client.publish(REPORT_TOPIC, ujson.dumps(report))
print('properties reported')

deadline = utime.time() + 30
while not received and utime.time() < deadline:
    client.check_msg()
    utime.sleep_ms(200)
client.disconnect()
print('disconnected')
