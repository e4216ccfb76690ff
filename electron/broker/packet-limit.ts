import { Duplex } from 'node:stream';

/**
 * Wraps a client connection so the broker never buffers an MQTT packet larger than `maxBytes`: the fixed header
 * of every packet is read as the bytes go by, and a packet that announces more is refused by closing the
 * connection at once (before its body arrives) and calling `onTooBig`.
 */
export const limitPacketSize = (conn: Duplex, maxBytes: number, onTooBig: (announced: number) => void): Duplex => {
  // Framing state: reading the type byte (0), the remaining-length varint (1), or skipping the body (2).
  let phase: 0 | 1 | 2 = 0;
  let length = 0;
  let multiplier = 1;
  let toSkip = 0;
  let refused = false;

  /** Follows the framing through `chunk`; false when a packet is over the limit. */
  const inspect = (chunk: Buffer): boolean => {
    let i = 0;
    while (i < chunk.length) {
      if (phase === 2) {
        const n = Math.min(toSkip, chunk.length - i);
        toSkip -= n;
        i += n;
        if (toSkip === 0) phase = 0;
        continue;
      }
      const byte = chunk[i++]!;
      if (phase === 0) {
        phase = 1;
        length = 0;
        multiplier = 1;
        continue;
      }
      length += (byte & 0x7f) * multiplier;
      multiplier *= 128;
      if (length > maxBytes) {
        onTooBig(length);
        return false;
      }
      if ((byte & 0x80) === 0) {
        toSkip = length;
        phase = toSkip === 0 ? 0 : 2;
      } else if (multiplier >= 128 ** 4) {
        onTooBig(length);
        return false;
      }
    }
    return true;
  };

  const limited = new Duplex({
    read() {
      conn.resume();
    },
    write(chunk: Buffer, encoding, callback) {
      conn.write(chunk, encoding, callback);
    },
    final(callback) {
      conn.end(callback);
    },
    destroy(error, callback) {
      conn.destroy();
      callback(error);
    },
  });
  conn.on('data', (chunk: Buffer) => {
    if (refused) return;
    if (!inspect(chunk)) {
      refused = true;
      limited.destroy();
      return;
    }
    if (!limited.push(chunk)) conn.pause();
  });
  conn.once('end', () => limited.push(null));
  conn.once('close', () => limited.destroy());
  conn.on('error', (error) => limited.destroy(error));
  return limited;
};
