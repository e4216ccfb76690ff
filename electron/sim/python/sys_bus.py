# sys_bus of the simulated module: topic -> handlers; publish runs handlers cooperatively, publish_sync at once.
import qpy_bg

_table = {}


def subscribe(topic, handler):
    _table.setdefault(topic, [])
    if handler not in _table[topic]:
        _table[topic].append(handler)


def unsubscribe(topic, cb=None):
    if cb is None:
        _table.pop(topic, None)
    elif topic in _table and cb in _table[topic]:
        _table[topic].remove(cb)
    return True


def publish_sync(topic, msg):
    for handler in list(_table.get(topic, ())):
        handler(topic, msg)


def publish(topic, msg):
    for handler in list(_table.get(topic, ())):
        qpy_bg.add_thread(handler, (topic, msg), {})


def sub_table(topic=None):
    return _table.get(topic) if topic is not None else _table
