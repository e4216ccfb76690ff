import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformThreads, type ThreadEntry } from './worker/thread-transform';

/** The personality's Python modules as the interpreter imports them (from /.frozen). */
export interface PersonalityLibrary {
  /** 'umqtt/simple.py' → source; the thread-aware modules made dual-mode like user code. */
  sources: { name: string; text: string }[];
  /** The twins of the dual-mode library functions. */
  entries: ThreadEntry[];
  /** The first thread key free for user code. */
  nextKey: number;
}

/** Library modules whose functions a thread may call into and wait in. */
const THREAD_AWARE = new Set(['umqtt/simple.py', 'qpy_usocket.py', '_thread.py', 'aLiYun.py', 'sys_bus.py']);

const cache = new Map<string, PersonalityLibrary>();

/** Read and rewritten once per process: parsing them in every simulator's worker would cost each its start-up. */
export const personalityLibrary = (dir: string): PersonalityLibrary => {
  const hit = cache.get(dir);
  if (hit) return hit;
  const sources: { name: string; text: string }[] = [];
  const entries: ThreadEntry[] = [];
  let key = 1;
  const walk = (at: string, prefix: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const name = `${prefix}${entry.name}`;
      if (entry.isDirectory()) walk(join(at, entry.name), `${name}/`);
      else if (entry.name.endsWith('.py')) {
        const text = readFileSync(join(at, entry.name), 'utf8');
        if (!THREAD_AWARE.has(name)) sources.push({ name, text });
        else {
          const dual = transformThreads(text, `/.frozen/${name}`, () => key++);
          sources.push({ name, text: dual.source });
          entries.push(...dual.entries);
        }
      }
    }
  };
  walk(dir, '');
  const library = { sources, entries, nextKey: key };
  cache.set(dir, library);
  return library;
};
