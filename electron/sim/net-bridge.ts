import { Socket } from 'node:net';
import type { NetworkTarget } from './types';

/** Linux errno numbers the module's usocket raises. */
const EAGAIN = 11;
const EBADF = 9;
const ECONNREFUSED = 111;
const ECONNRESET = 104;
const EHOSTUNREACH = 113;
const ETIMEDOUT = 110;
const EINTR = 4;
const ENOTCONN = 107;

interface SimSocket {
  socket?: Socket;
  chunks: Buffer[];
  ended: boolean;
  error?: number;
}

interface NetReply {
  status: number;
  data?: Uint8Array;
}

const errnoOf = (e: NodeJS.ErrnoException): number => {
  switch (e.code) {
    case 'ECONNREFUSED':
      return ECONNREFUSED;
    case 'ETIMEDOUT':
      return ETIMEDOUT;
    case 'ECONNRESET':
    case 'EPIPE':
      return ECONNRESET;
    default:
      return EHOSTUNREACH;
  }
};

/**
 * The module's TCP stack, done by the host: one Node socket per usocket. Connections go where networkRedirect says,
 * so a script's cloud host name can reach an embedded broker.
 */
export class NetBridge {
  private readonly sockets = new Map<number, SimSocket>();
  private nextId = 1;
  private pendingConnect: { id: number; reply: (r: NetReply) => void } | undefined;

  constructor(
    private readonly redirect: ((host: string, port: number) => NetworkTarget) | undefined,
    private readonly onEvent: () => void,
  ) {}

  handle(op: string, args: (string | number)[], data: Uint8Array | undefined, reply: (r: NetReply) => void): void {
    const id = Number(args[0]);
    switch (op) {
      case 'socket': {
        const newId = this.nextId++;
        this.sockets.set(newId, { chunks: [], ended: false });
        reply({ status: newId });
        return;
      }
      case 'connect':
        this.connect(id, String(args[1]), Number(args[2]), reply);
        return;
      case 'send': {
        const s = this.sockets.get(id);
        if (!s?.socket) return reply({ status: -(s ? ENOTCONN : EBADF) });
        if (s.error) return reply({ status: -s.error });
        s.socket.write(data ?? new Uint8Array());
        return reply({ status: data?.length ?? 0 });
      }
      case 'recv': {
        const s = this.sockets.get(id);
        if (!s) return reply({ status: -EBADF });
        const max = Math.min(Number(args[1]), 1 << 19);
        if (s.chunks.length === 0) {
          if (s.error) return reply({ status: -s.error });
          return reply({ status: s.ended ? 0 : -EAGAIN });
        }
        const all = Buffer.concat(s.chunks);
        const taken = all.subarray(0, max);
        s.chunks = taken.length < all.length ? [all.subarray(taken.length)] : [];
        return reply({ status: taken.length, data: taken });
      }
      case 'readable': {
        const s = this.sockets.get(id);
        if (!s) return reply({ status: -EBADF });
        return reply({ status: s.chunks.length > 0 || s.ended || s.error ? 1 : 0 });
      }
      case 'close': {
        const s = this.sockets.get(id);
        s?.socket?.destroy();
        this.sockets.delete(id);
        return reply({ status: 0 });
      }
      default:
        reply({ status: -EBADF });
    }
  }

  private connect(id: number, host: string, port: number, reply: (r: NetReply) => void): void {
    const s = this.sockets.get(id);
    if (!s) return reply({ status: -EBADF });
    const target = this.redirect ? this.redirect(host, port) : { host, port };
    const socket = new Socket();
    s.socket = socket;
    let settled = false;
    const settle = (r: NetReply): void => {
      if (settled) return;
      settled = true;
      this.pendingConnect = undefined;
      reply(r);
    };
    this.pendingConnect = { id, reply: settle };
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      s.chunks.push(chunk);
      this.onEvent();
    });
    socket.on('end', () => {
      s.ended = true;
      this.onEvent();
    });
    socket.on('close', () => {
      s.ended = true;
      this.onEvent();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      s.error = errnoOf(e);
      settle({ status: -s.error });
      this.onEvent();
    });
    socket.setTimeout(20_000, () => {
      if (!settled) {
        settle({ status: -ETIMEDOUT });
        socket.destroy();
      }
    });
    socket.connect(target.port, target.host, () => {
      socket.setTimeout(0);
      settle({ status: 0 });
    });
  }

  /** Ctrl-C while a connect blocks: the call returns EINTR so the interpreter can raise KeyboardInterrupt. */
  interrupt(): void {
    const pending = this.pendingConnect;
    if (!pending) return;
    this.sockets.get(pending.id)?.socket?.destroy();
    pending.reply({ status: -EINTR });
  }

  closeAll(): void {
    for (const s of this.sockets.values()) s.socket?.destroy();
    this.sockets.clear();
    this.pendingConnect = undefined;
  }
}
