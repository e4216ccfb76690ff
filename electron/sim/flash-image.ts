import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FlashFile, WorkerMessage } from './types';

type FsMessage = Extract<WorkerMessage, { type: 'fs' }>;

const VOLUMES = ['usr', 'bak'];

/**
 * The host's copy of the module's flash: survives soft reboots and power cycles, and is mirrored to a host folder
 * (`fsDir/usr`, `fsDir/bak`) when one is given. Directory entries are listed with a trailing '/'.
 */
export class FlashImage {
  private readonly files = new Map<string, Uint8Array>();
  private readonly dirs = new Set<string>();

  constructor(
    private readonly fsDir: string | undefined,
    seed: Record<string, string | Uint8Array> = {},
  ) {
    for (const [path, content] of Object.entries(seed)) {
      this.files.set(path, typeof content === 'string' ? new TextEncoder().encode(content) : content);
    }
    if (fsDir) this.loadFromDisk(fsDir);
  }

  private loadFromDisk(root: string): void {
    for (const volume of VOLUMES) {
      const base = join(root, volume);
      mkdirSync(base, { recursive: true });
      const walk = (dir: string, rel: string): void => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          const modulePath = `${rel}/${entry.name}`;
          if (entry.isDirectory()) {
            this.dirs.add(modulePath);
            walk(join(dir, entry.name), modulePath);
          } else if (entry.isFile()) {
            this.files.set(modulePath, new Uint8Array(readFileSync(join(dir, entry.name))));
          }
        }
      };
      walk(base, `/${volume}`);
    }
    // seed files the folder lacks go to disk too
    for (const [path, data] of this.files) this.writeDisk(path, data);
  }

  contents(): FlashFile[] {
    return [
      ...[...this.dirs].map((path) => ({ path: `${path}/`, data: new Uint8Array() })),
      ...[...this.files].map(([path, data]) => ({ path, data })),
    ];
  }

  read(path: string): Uint8Array | undefined {
    return this.files.get(path);
  }

  list(): string[] {
    return [...this.files.keys()].sort();
  }

  private disk(path: string): string | undefined {
    return this.fsDir ? join(this.fsDir, ...path.split('/').filter(Boolean)) : undefined;
  }

  private writeDisk(path: string, data: Uint8Array): void {
    const target = this.disk(path);
    if (!target) return;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, data);
  }

  apply(change: FsMessage): void {
    const target = this.disk(change.path);
    switch (change.op) {
      case 'write':
        this.files.set(change.path, change.data);
        this.writeDisk(change.path, change.data);
        break;
      case 'mkdir':
        this.dirs.add(change.path);
        if (target) mkdirSync(target, { recursive: true });
        break;
      case 'remove':
        this.files.delete(change.path);
        if (target) rmSync(target, { force: true });
        break;
      case 'rmdir':
        this.dirs.delete(change.path);
        if (target) rmSync(target, { recursive: true, force: true });
        break;
      case 'rename': {
        const from = change.path;
        const to = change.to;
        const move = <T>(map: Map<string, T> | Set<string>): void => {
          for (const key of [...map.keys()]) {
            if (key !== from && !key.startsWith(`${from}/`)) continue;
            const next = to + key.slice(from.length);
            if (map instanceof Map) {
              const value = map.get(key) as T;
              map.delete(key);
              map.set(next, value);
            } else {
              map.delete(key);
              map.add(next);
            }
          }
        };
        move(this.files);
        move(this.dirs);
        const dest = this.disk(to);
        if (target && dest) {
          mkdirSync(dirname(dest), { recursive: true });
          rmSync(dest, { recursive: true, force: true });
          renameSync(target, dest);
        }
        break;
      }
    }
  }
}
