/** What the embedded broker accepts (settings.json `broker`), so one client cannot exhaust memory or disk. */
export interface BrokerLimits {
  /** Largest PUBLISH payload, bytes; a larger one disconnects the client (MQTT 3.1.1 has no other refusal). */
  maxMessageBytes: number;
  /** Most retained messages kept (and saved); a new retained topic past it disconnects the publisher. */
  maxRetainedMessages: number;
  /** Most retained payload bytes kept in total. */
  maxRetainedBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_BROKER_LIMITS: BrokerLimits = {
  maxMessageBytes: 16 * MiB,
  maxRetainedMessages: 10_000,
  maxRetainedBytes: 256 * MiB,
};

/** A PUBLISH packet carries the topic (up to 64 KiB), its length, a packet id and the payload. */
export const maxPacketBytes = (limits: BrokerLimits): number => limits.maxMessageBytes + 65_535 + 4;

export const formatBytes = (n: number): string => {
  if (n >= MiB && n % MiB === 0) return `${n / MiB} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  if (n >= MiB) return `${(n / MiB).toFixed(1)} MiB`;
  return `${n} bytes`;
};
