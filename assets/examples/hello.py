# Hello, QuecPython: prints the firmware, then counts for a few seconds.
# 你好 QuecPython：打印固件信息，然后计数几秒。
import utime
import uos

print('Hello from QuecPython! 你好，移远模组！')
try:
    print('Firmware:', uos.uname())
except AttributeError:
    pass

for i in range(5):
    print('tick', i)
    utime.sleep_ms(500)

print('done')
