# umqtt of the simulated module (QuecPython API): MQTT 3.1.1 over usocket.
from umqtt.simple import MQTTClient, MQTTException
