# Blink: toggles a GPIO (an LED on the EVB) ten times. Change LED_PIN to the pin your board uses.
# 闪灯：翻转 GPIO（开发板上的 LED）十次。请把 LED_PIN 改成你板子上的引脚。
import utime
from machine import Pin

LED_PIN = Pin.GPIO1

led = Pin(LED_PIN, Pin.OUT, Pin.PULL_DISABLE, 0)
for i in range(10):
    led.write(i % 2)
    print('LED', 'on' if i % 2 else 'off')
    utime.sleep_ms(300)
led.write(0)
print('blink done')
