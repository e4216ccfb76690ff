/**
 * The module's flash: /usr and /bak as in-memory volumes with a fixed capacity, block-rounded like a small
 * flash file system. Errors are Linux errno numbers, as QuecPython raises them.
 */
import { ERRNO } from '../../../shared/device/errno';

export { ERRNO };

export class FsError extends Error {
  constructor(readonly errno: number) {
    super(`errno ${errno}`);
  }
}

const BLOCK_SIZE = 4096;

interface VolumeSpec {
  name: string;
  capacity: number;
}

interface FsChange {
  op: 'write' | 'mkdir' | 'remove' | 'rmdir' | 'rename';
  path: string;
  to?: string;
  data?: Uint8Array;
}

interface OpenFile {
  path: string;
  data: Uint8Array;
  length: number;
  pos: number;
  readable: boolean;
  writable: boolean;
  append: boolean;
  dirty: boolean;
}

const blocksFor = (bytes: number): number => Math.max(1, Math.ceil(bytes / BLOCK_SIZE));

const normalisePath = (path: string): string => {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
};

const parentOf = (path: string): string => path.slice(0, path.lastIndexOf('/')) || '/';

export class FlashStore {
  private readonly files = new Map<string, Uint8Array>();
  private readonly dirs = new Set<string>();
  /** Modification times (seconds since 1970, the interpreter's utime.time() epoch) of files and folders. */
  private readonly mtimes = new Map<string, number>();
  private readonly volumes: VolumeSpec[];
  private readonly handles = new Map<number, OpenFile>();
  private nextHandle = 3;

  constructor(
    volumes: VolumeSpec[],
    private readonly onChange: (change: FsChange) => void,
  ) {
    this.volumes = volumes;
    for (const v of volumes) this.dirs.add(`/${v.name}`);
  }

  /** Loads files without reporting changes (power-on contents). */
  load(path: string, data: Uint8Array): void {
    const p = normalisePath(path);
    const volume = this.volumeOf(p);
    if (!volume) return;
    let dir = parentOf(p);
    while (dir !== '/' && !this.dirs.has(dir)) {
      this.dirs.add(dir);
      dir = parentOf(dir);
    }
    this.files.set(p, data.slice());
    this.touch(p);
  }

  private touch(path: string): void {
    this.mtimes.set(path, Math.floor(Date.now() / 1000));
  }

  loadDir(path: string): void {
    const p = normalisePath(path);
    if (this.volumeOf(p)) {
      this.dirs.add(p);
      this.touch(p);
    }
  }

  volumeOf(path: string): VolumeSpec | undefined {
    return this.volumes.find((v) => path === `/${v.name}` || path.startsWith(`/${v.name}/`));
  }

  usedBlocks(volume: VolumeSpec, extra?: { path: string; size: number }): number {
    const prefix = `/${volume.name}/`;
    let blocks = 2; // superblock pair
    for (const dir of this.dirs) if (dir.startsWith(prefix)) blocks += 1;
    const pending = new Map<string, number>();
    for (const f of this.handles.values()) pending.set(f.path, Math.max(pending.get(f.path) ?? 0, f.length));
    for (const [path, data] of this.files) {
      if (!path.startsWith(prefix)) continue;
      let size = Math.max(data.length, pending.get(path) ?? 0);
      if (extra && extra.path === path) size = Math.max(size, extra.size);
      blocks += blocksFor(size);
    }
    if (extra && !this.files.has(extra.path) && extra.path.startsWith(prefix)) blocks += blocksFor(extra.size);
    return blocks;
  }

  totalBlocks(volume: VolumeSpec): number {
    return Math.floor(volume.capacity / BLOCK_SIZE);
  }

  statvfs(path: string): number[] {
    const volume = this.volumeOf(normalisePath(path));
    if (!volume) throw new FsError(ERRNO.ENOENT);
    const total = this.totalBlocks(volume);
    const free = Math.max(0, total - this.usedBlocks(volume));
    return [BLOCK_SIZE, BLOCK_SIZE, total, free, free, 0, 0, 0, 0, 255];
  }

  stat(path: string): { dir: boolean; size: number; mtime: number } {
    const p = normalisePath(path);
    const mtime = this.mtimes.get(p) ?? 0;
    if (this.dirs.has(p)) return { dir: true, size: 0, mtime };
    const file = this.files.get(p);
    if (file) return { dir: false, size: file.length, mtime };
    throw new FsError(ERRNO.ENOENT);
  }

  list(path: string): { name: string; dir: boolean; size: number }[] {
    const p = normalisePath(path);
    if (this.files.has(p)) throw new FsError(ERRNO.ENOTDIR);
    if (!this.dirs.has(p)) throw new FsError(ERRNO.ENOENT);
    const prefix = p === '/' ? '/' : `${p}/`;
    const out: { name: string; dir: boolean; size: number }[] = [];
    for (const dir of this.dirs) {
      if (dir.startsWith(prefix) && dir !== p && !dir.slice(prefix.length).includes('/')) {
        out.push({ name: dir.slice(prefix.length), dir: true, size: 0 });
      }
    }
    for (const [file, data] of this.files) {
      if (file.startsWith(prefix) && !file.slice(prefix.length).includes('/')) {
        out.push({ name: file.slice(prefix.length), dir: false, size: data.length });
      }
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private requireParentDir(p: string): void {
    const parent = parentOf(p);
    if (this.files.has(parent)) throw new FsError(ERRNO.ENOTDIR);
    if (!this.dirs.has(parent)) throw new FsError(ERRNO.ENOENT);
  }

  private requireVolume(p: string): VolumeSpec {
    const volume = this.volumeOf(p);
    if (!volume) throw new FsError(ERRNO.EACCES);
    return volume;
  }

  mkdir(path: string): void {
    const p = normalisePath(path);
    const volume = this.requireVolume(p);
    if (this.dirs.has(p) || this.files.has(p)) throw new FsError(ERRNO.EEXIST);
    this.requireParentDir(p);
    if (this.usedBlocks(volume) + 1 > this.totalBlocks(volume)) throw new FsError(ERRNO.ENOSPC);
    this.dirs.add(p);
    this.touch(p);
    this.onChange({ op: 'mkdir', path: p });
  }

  rmdir(path: string): void {
    const p = normalisePath(path);
    const volume = this.requireVolume(p);
    if (p === `/${volume.name}`) throw new FsError(ERRNO.EACCES);
    if (this.files.has(p)) throw new FsError(ERRNO.ENOTDIR);
    if (!this.dirs.has(p)) throw new FsError(ERRNO.ENOENT);
    if (this.list(p).length > 0) throw new FsError(ERRNO.ENOTEMPTY);
    this.dirs.delete(p);
    this.mtimes.delete(p);
    this.onChange({ op: 'rmdir', path: p });
  }

  remove(path: string): void {
    const p = normalisePath(path);
    this.requireVolume(p);
    if (this.dirs.has(p)) throw new FsError(ERRNO.EISDIR);
    if (!this.files.has(p)) throw new FsError(ERRNO.ENOENT);
    this.files.delete(p);
    this.mtimes.delete(p);
    this.onChange({ op: 'remove', path: p });
  }

  private moveMtime(from: string, to: string): void {
    const t = this.mtimes.get(from);
    this.mtimes.delete(from);
    if (t !== undefined) this.mtimes.set(to, t);
  }

  rename(from: string, to: string): void {
    const a = normalisePath(from);
    const b = normalisePath(to);
    const va = this.requireVolume(a);
    const vb = this.requireVolume(b);
    if (va !== vb) throw new FsError(ERRNO.EINVAL);
    this.requireParentDir(b);
    const file = this.files.get(a);
    if (file) {
      if (this.dirs.has(b)) throw new FsError(ERRNO.EISDIR);
      this.files.delete(a);
      this.files.set(b, file);
      this.moveMtime(a, b);
      this.onChange({ op: 'rename', path: a, to: b });
      return;
    }
    if (!this.dirs.has(a)) throw new FsError(ERRNO.ENOENT);
    if (this.files.has(b)) throw new FsError(ERRNO.ENOTDIR);
    if (this.dirs.has(b) && this.list(b).length > 0) throw new FsError(ERRNO.ENOTEMPTY);
    if (b.startsWith(`${a}/`)) throw new FsError(ERRNO.EINVAL);
    const moves = (set: Iterable<string>) => [...set].filter((x) => x === a || x.startsWith(`${a}/`));
    for (const dir of moves(this.dirs)) {
      this.dirs.delete(dir);
      this.dirs.add(b + dir.slice(a.length));
      this.moveMtime(dir, b + dir.slice(a.length));
    }
    for (const path of moves(this.files.keys())) {
      const data = this.files.get(path);
      this.files.delete(path);
      if (data) this.files.set(b + path.slice(a.length), data);
      this.moveMtime(path, b + path.slice(a.length));
    }
    this.onChange({ op: 'rename', path: a, to: b });
  }

  /** mode: 'r' | 'w' | 'a' | 'x', with '+' for update. Returns a handle. */
  open(path: string, mode: string): number {
    const p = normalisePath(path);
    const kind = mode.replace(/[bt+]/g, '');
    const plus = mode.includes('+');
    if (this.dirs.has(p)) throw new FsError(kind === 'r' ? ERRNO.EISDIR : ERRNO.EISDIR);
    const volume = this.volumeOf(p);
    if (!volume) throw new FsError(kind === 'r' && !plus ? ERRNO.ENOENT : ERRNO.EACCES);
    let existing = this.files.get(p);
    if (kind === 'r' && !existing) throw new FsError(ERRNO.ENOENT);
    if (kind === 'x' && existing) throw new FsError(ERRNO.EEXIST);
    if (kind !== 'r') {
      this.requireParentDir(p);
      if (!existing || kind === 'w' || kind === 'x') {
        if (!existing && this.usedBlocks(volume, { path: p, size: 0 }) > this.totalBlocks(volume)) {
          throw new FsError(ERRNO.ENOSPC);
        }
        existing = new Uint8Array(0);
        this.files.set(p, existing);
        this.touch(p);
        this.onChange({ op: 'write', path: p, data: existing });
      }
    }
    const data = existing ?? new Uint8Array(0);
    const handle = this.nextHandle++;
    this.handles.set(handle, {
      path: p,
      data: data.slice(),
      length: data.length,
      pos: kind === 'a' ? data.length : 0,
      readable: kind === 'r' || plus,
      writable: kind !== 'r' || plus,
      append: kind === 'a',
      dirty: false,
    });
    return handle;
  }

  private handle(h: number): OpenFile {
    const f = this.handles.get(h);
    if (!f) throw new FsError(ERRNO.EBADF);
    return f;
  }

  read(h: number, max: number): Uint8Array {
    const f = this.handle(h);
    if (!f.readable) throw new FsError(ERRNO.EBADF);
    const end = Math.min(f.length, f.pos + max);
    const out = f.data.subarray(f.pos, end);
    f.pos = Math.max(f.pos, end);
    return out;
  }

  write(h: number, bytes: Uint8Array): number {
    const f = this.handle(h);
    if (!f.writable) throw new FsError(ERRNO.EBADF);
    if (f.append) f.pos = f.length;
    const end = f.pos + bytes.length;
    const volume = this.volumeOf(f.path);
    if (volume && end > f.length && this.usedBlocks(volume, { path: f.path, size: end }) > this.totalBlocks(volume)) {
      throw new FsError(ERRNO.ENOSPC);
    }
    if (end > f.data.length) {
      const grown = new Uint8Array(Math.max(end, f.data.length * 2, 256));
      grown.set(f.data.subarray(0, f.length));
      f.data = grown;
    }
    f.data.set(bytes, f.pos);
    f.pos = end;
    f.length = Math.max(f.length, end);
    f.dirty = true;
    return bytes.length;
  }

  seek(h: number, offset: number, whence: number): number {
    const f = this.handle(h);
    const base = whence === 0 ? 0 : whence === 1 ? f.pos : f.length;
    const pos = base + offset;
    if (pos < 0) throw new FsError(ERRNO.EINVAL);
    f.pos = pos;
    return pos;
  }

  flush(h: number): void {
    const f = this.handle(h);
    if (!f.dirty) return;
    f.dirty = false;
    const data = f.data.slice(0, f.length);
    this.files.set(f.path, data);
    this.touch(f.path);
    this.onChange({ op: 'write', path: f.path, data });
  }

  close(h: number): void {
    const f = this.handles.get(h);
    if (!f) return;
    this.flush(h);
    this.handles.delete(h);
  }

  /** Soft reboot: MicroPython's finalisers close (and so commit) every open file. */
  closeAll(commit: boolean): void {
    // without a commit (power loss) the unsynced data is simply lost
    if (commit) for (const h of this.handles.keys()) this.flush(h);
    this.handles.clear();
  }

  snapshot(): { path: string; data: Uint8Array }[] {
    return [...this.files].map(([path, data]) => ({ path, data }));
  }

  directories(): string[] {
    return [...this.dirs];
  }
}
