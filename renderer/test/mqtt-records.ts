import type { MqttMessageFrame, MqttRecord } from '../../shared/api/mqtt';

const encoder = new TextEncoder();

let nextId = 1;

/** A record as the backend sends it; payload given as text (UTF-8) or bytes. */
export const makeRecord = (
  overrides: Partial<Omit<MqttRecord, 'payload'>> & { payload?: string | Uint8Array } = {},
): MqttRecord => {
  const { payload = '', ...rest } = overrides;
  const bytes = typeof payload === 'string' ? encoder.encode(payload) : payload;
  return {
    id: nextId++,
    sessionId: 's-1',
    direction: 'in',
    time: Date.UTC(2026, 10, 23, 6, 3, 7, 123),
    topic: 'demo/x',
    qos: 0,
    retain: false,
    dup: false,
    payload: bytes,
    size: bytes.length,
    truncated: false,
    ...rest,
  };
};

/** Frames for one session with consistent seq numbers and cumulative totals. */
export const frameMaker = (sessionId = 's-1') => {
  let seq = 0;
  const totals = { in: 0, out: 0, frames: 0, bytes: 0 };
  return (records: MqttRecord[]): MqttMessageFrame => {
    for (const r of records) {
      if (r.direction === 'in') totals.in++;
      else totals.out++;
      totals.bytes += r.size;
    }
    totals.frames++;
    return { sessionId, seq: ++seq, records: records.map((r) => ({ ...r, sessionId })), totals: { ...totals } };
  };
};
