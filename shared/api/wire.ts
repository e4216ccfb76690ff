import type { Result } from '../result';

/** Messages of the browser-mode WebSocket between the renderer and the Node host. */
export type ClientMessage = { t: 'call'; id: number; name: string; req: unknown };

export type ServerMessage =
  { t: 'result'; id: number; result: Result<unknown> } | { t: 'event'; name: string; payload: unknown };

interface Base64Codec {
  encode(bytes: Uint8Array): string;
  decode(text: string): Uint8Array;
}

const BYTES_KEY = '$bytes';

/**
 * JSON with Uint8Array support (binary payloads, serial bytes), so the WebSocket carries the same values
 * as Electron's structured-clone IPC. The base64 codec is injected: Buffer in Node, a pure one in the browser.
 */
export const createWireCodec = (base64: Base64Codec) => ({
  stringify(message: ClientMessage | ServerMessage): string {
    return JSON.stringify(message, function (this: Record<string, unknown>, key, value: unknown) {
      const raw = this[key];
      if (raw instanceof Uint8Array) return { [BYTES_KEY]: base64.encode(raw) };
      return value;
    });
  },
  parse<T extends ClientMessage | ServerMessage>(text: string): T {
    return JSON.parse(text, (_key, value: unknown) => {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        const record = value as Record<string, unknown>;
        const encoded = record[BYTES_KEY];
        if (typeof encoded === 'string' && Object.keys(record).length === 1) return base64.decode(encoded);
      }
      return value;
    }) as T;
  },
});
