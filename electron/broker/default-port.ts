/** The embedded broker's MQTT port when none is asked for (the next free one if busy). */
export const DEFAULT_BROKER_PORT = 1883;
