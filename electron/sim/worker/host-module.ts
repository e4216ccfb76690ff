import { createHmac } from 'node:crypto';
import type { WasmMemory } from './wasm-api';
import { ERRNO, FlashStore, FsError } from './flash-store';
import type { Input } from './input';
import type { ThreadEntry } from './thread-transform';
import type { Output } from './output';

/**
 * The JS module `_qpyhost` the personality's Python code calls. Data crosses by address (uctypes.addressof) so
 * bytes move without conversions. Errors come back as negative errno numbers.
 */
interface HostContext {
  /** The personality's Python library: '/umqtt/simple.py' → source. */
  library: Map<string, string>;
  store: FlashStore;
  input: Input;
  output: Output;
  memory: () => WasmMemory;
  /** Blocking request to the host thread (network). Returns [status, bytes]. */
  call: (op: string, args: (string | number)[], data?: Uint8Array) => { status: number; data: Uint8Array };
  netEvents: () => number;
  /** Background work the Python side has queued (threads, next timer due, receive pollers). */
  setBackground: (threads: number, nextDue: number, pollers: number) => void;
  /** Source the interpreter compiles instead (threads rewritten, legacy syntax); undefined: unchanged. */
  rewrite: (source: string, filename: string) => string | undefined;
  threadEntry: (key: number) => ThreadEntry | undefined;
  /** The interpreter's interrupt char (micropython.kbd_intr), -1 when off. */
  interruptChar: () => number;
  /** ch >= 0: the host holds back `ch` instead of interrupting; -1: stop, returning 1 if it arrived meanwhile. */
  deferInterrupt: (ch: number) => number;
  /** main.py runs with Ctrl-C armed: the host may hand over what it held since power-on. */
  listening: () => void;
  /** Around the flash's stat(): a Ctrl-C meanwhile is raised after it (types.ts, VFS_GATE). */
  vfsEnter: () => void;
  vfsLeave: () => void;
  config: { model: string; firmware: string; imei: string; iccid: string; imsi: string; hide: string; heap: string };
}

const fail = (e: unknown): number => {
  if (e instanceof FsError) return -e.errno;
  return -ERRNO.EIO;
};

export const createHostModule = (ctx: HostContext): Record<string, unknown> => {
  const heap = (): Uint8Array => new Uint8Array(ctx.memory().buffer);
  const copyIn = (addr: number, len: number): Uint8Array => heap().slice(addr, addr + len);

  /** Waits until `deadline` (ticks ms) or Ctrl-C. Returns 1 when interrupted, 0 when the time is up. */
  const waitUntil = (deadline: number, wakeOnNet = false, netBaseline?: number): number => {
    ctx.output.flush();
    const netSeen = netBaseline ?? ctx.netEvents();
    for (;;) {
      const seen = ctx.input.signal();
      if (ctx.input.interruptPending()) {
        ctx.input.clearInterrupt();
        return 1;
      }
      if (wakeOnNet && ctx.netEvents() !== netSeen) return 2;
      const left = deadline - performance.now();
      if (left <= 0) return 0;
      ctx.input.waitSignal(seen, left);
    }
  };

  /**
   * input()'s line editor, as MicroPython's readline answers a program: echo, backspace, Enter ends the line.
   * Returns the line, 3 for Ctrl-C, 4 for Ctrl-D on an empty line, or 0 when the host raised KeyboardInterrupt
   * (the interpreter raises it as soon as Python code runs again).
   */
  const readLine = (): string | number => {
    ctx.output.flush();
    const line: number[] = [];
    let escape = 0;
    for (;;) {
      const b = ctx.input.takeBlocking();
      if (b === 'interrupt') {
        ctx.input.clearInterrupt();
        return 0;
      }
      if (escape === 1) {
        escape = b === 0x5b || b === 0x4f ? 2 : 0;
        continue;
      }
      if (escape === 2) {
        if (b >= 0x40 && b <= 0x7e) escape = 0;
        continue;
      }
      if (b === 0x03) return 3;
      if (b === 0x04 && line.length === 0) return 4;
      if (b === 0x0d || b === 0x0a) {
        ctx.output.write('\r\n');
        ctx.output.flush();
        return new TextDecoder().decode(new Uint8Array(line));
      }
      if (b === 0x1b) {
        escape = 1;
      } else if (b === 0x08 || b === 0x7f) {
        if (line.length > 0) {
          // a UTF-8 character may span several bytes; the terminal shows it as one cell
          let cut = line.length - 1;
          while (cut > 0 && ((line[cut] ?? 0) & 0xc0) === 0x80) cut--;
          line.length = cut;
          ctx.output.write('\b \b');
        }
      } else if (b >= 0x20) {
        line.push(b);
        ctx.output.write([b]);
      }
      ctx.output.flush();
    }
  };

  return {
    ticks_ms: () => Math.floor(performance.now()),
    wait_until: (deadline: number) => waitUntil(deadline),
    /** Like wait_until, but also returns 2 as soon as network data or a socket event arrives. */
    wait_net: (deadline: number, netBaseline?: number) => waitUntil(deadline, true, netBaseline),
    net_events: () => ctx.netEvents(),
    flush: () => ctx.output.flush(),
    read_line: readLine,
    /** The source the interpreter compiles instead ('' when unchanged). */
    rewrite_source: (src: string, filename: string) => ctx.rewrite(src, filename) ?? '',
    thread_source: (key: number) => ctx.threadEntry(key)?.source ?? '',
    thread_filename: (key: number) => ctx.threadEntry(key)?.filename ?? '<thread>',
    interrupt_char: () => ctx.interruptChar(),
    defer_interrupt: (ch: number) => ctx.deferInterrupt(ch),
    listening: () => ctx.listening(),
    vfs_enter: () => ctx.vfsEnter(),
    vfs_leave: () => ctx.vfsLeave(),
    /** While set, stdout bytes go out unchanged (sys.stdout.buffer). */
    stdout_raw: (on: number) => {
      ctx.output.binary = on !== 0;
    },
    /** HMAC hex digest (sha1, sha256, md5) for cloud credentials computed on the module. */
    hmac_hex: (alg: string, key: string, message: string) => createHmac(alg, key).update(message).digest('hex'),
    bg_state: (threads: number, nextDue: number, pollers: number) => ctx.setBackground(threads, nextDue, pollers),
    power_restart: () => ctx.call('power-restart', []).status,
    info: (key: string) => (ctx.config as Record<string, string>)[key] ?? '',

    /** The library as the module's frozen modules: source text, 1 for a package directory, -2 when absent. */
    lib_stat: (path: string) => {
      if (ctx.library.has(path)) return 0;
      const dir = `${path.replace(/\/$/, '')}/`;
      for (const key of ctx.library.keys()) if (key.startsWith(dir)) return 1;
      return -ERRNO.ENOENT;
    },
    lib_read: (path: string) => ctx.library.get(path) ?? '',

    fs_open: (path: string, mode: string) => {
      try {
        return ctx.store.open(path, mode);
      } catch (e) {
        return fail(e);
      }
    },
    fs_read: (handle: number, addr: number, len: number) => {
      try {
        const chunk = ctx.store.read(handle, len);
        heap().set(chunk, addr);
        return chunk.length;
      } catch (e) {
        return fail(e);
      }
    },
    fs_write: (handle: number, addr: number, len: number) => {
      try {
        return ctx.store.write(handle, copyIn(addr, len));
      } catch (e) {
        return fail(e);
      }
    },
    fs_seek: (handle: number, offset: number, whence: number) => {
      try {
        return ctx.store.seek(handle, offset, whence);
      } catch (e) {
        return fail(e);
      }
    },
    fs_flush: (handle: number) => {
      try {
        ctx.store.flush(handle);
        return 0;
      } catch (e) {
        return fail(e);
      }
    },
    fs_close: (handle: number) => {
      try {
        ctx.store.close(handle);
        return 0;
      } catch (e) {
        return fail(e);
      }
    },
    /** JSON [isDir, size, mtime] or -errno. */
    fs_stat: (path: string) => {
      try {
        const st = ctx.store.stat(path);
        return JSON.stringify([st.dir ? 1 : 0, st.size, st.mtime]);
      } catch (e) {
        return fail(e);
      }
    },
    /** JSON [[name, isDir, size], ...] or -errno. */
    fs_list: (path: string) => {
      try {
        return JSON.stringify(ctx.store.list(path).map((e) => [e.name, e.dir ? 1 : 0, e.size]));
      } catch (e) {
        return fail(e);
      }
    },
    fs_statvfs: (path: string) => {
      try {
        return JSON.stringify(ctx.store.statvfs(path));
      } catch (e) {
        return fail(e);
      }
    },
    fs_mkdir: (path: string) => op(() => ctx.store.mkdir(path)),
    fs_rmdir: (path: string) => op(() => ctx.store.rmdir(path)),
    fs_remove: (path: string) => op(() => ctx.store.remove(path)),
    fs_rename: (from: string, to: string) => op(() => ctx.store.rename(from, to)),

    net_socket: () => ctx.call('socket', []).status,
    net_connect: (id: number, host: string, port: number) => ctx.call('connect', [id, host, port]).status,
    net_send: (id: number, addr: number, len: number) => ctx.call('send', [id], copyIn(addr, len)).status,
    /** Bytes read (0 at end of stream), -11 (EAGAIN) when nothing is waiting, or -errno. */
    net_recv: (id: number, addr: number, len: number) => {
      const reply = ctx.call('recv', [id, len]);
      if (reply.status > 0) heap().set(reply.data.subarray(0, reply.status), addr);
      return reply.status;
    },
    net_readable: (id: number) => ctx.call('readable', [id]).status,
    net_close: (id: number) => ctx.call('close', [id]).status,
  };
};

const op = (fn: () => void): number => {
  try {
    fn();
    return 0;
  } catch (e) {
    return fail(e);
  }
};
