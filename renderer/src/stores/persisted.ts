/**
 * The one way the UI remembers a small choice across restarts (theme, last port, split sizes…) in localStorage.
 * Strings are stored as they are, everything else as JSON; a stored value that does not decode (an older format,
 * a hand edit, storage turned off) gives the fallback, never an exception.
 */
interface Persisted<T> {
  readonly key: string;
  read(): T;
  write(value: T): void;
  clear(): void;
}

/** Turns what was stored (the raw string, or failing that its JSON) into a value, or undefined when it is not one. */
export type Decode<T> = (raw: unknown) => T | undefined;

interface PersistedOptions<T> {
  /** 'session': kept for this window or tab only (sessionStorage), for what is void once the backend restarts. */
  scope?: 'local' | 'session';
  /**
   * A key an older version stored this under: its raw string is folded into what is read (`migrate`) until the
   * next write, which removes it.
   */
  legacy?: { key: string; migrate(raw: string, current: T): T };
}

const storage = (scope: 'local' | 'session'): Storage | undefined => {
  try {
    return (scope === 'session' ? globalThis.sessionStorage : globalThis.localStorage) ?? undefined;
  } catch {
    return undefined;
  }
};

export const persisted = <T>(
  key: string,
  fallback: T,
  decode: Decode<T>,
  options: PersistedOptions<T> = {},
): Persisted<T> => {
  const store = () => storage(options.scope ?? 'local');
  const decodeRaw = (raw: string | null | undefined): T => {
    if (raw === null || raw === undefined) return fallback;
    const direct = decode(raw);
    if (direct !== undefined) return direct;
    try {
      return decode(JSON.parse(raw) as unknown) ?? fallback;
    } catch {
      return fallback;
    }
  };
  return {
    key,
    read: () => {
      const value = decodeRaw(store()?.getItem(key));
      const legacy = options.legacy && store()?.getItem(options.legacy.key);
      return options.legacy && legacy ? options.legacy.migrate(legacy, value) : value;
    },
    write: (value) => {
      try {
        store()?.setItem(key, typeof value === 'string' ? value : JSON.stringify(value));
        if (options.legacy) store()?.removeItem(options.legacy.key);
      } catch {
        // Storage full or turned off: the choice lasts until the window closes.
      }
    },
    clear: () => store()?.removeItem(key),
  };
};

export const oneOf =
  <const V extends string>(...values: readonly V[]): Decode<V> =>
  (raw) =>
    values.find((v) => v === raw);

export const anyString: Decode<string> = (raw) => (typeof raw === 'string' ? raw : undefined);

export const numberIn =
  (min: number, max: number): Decode<number> =>
  (raw) => {
    const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : undefined;
  };

/** true/false, also as the '1'/'0' older versions wrote. */
export const flag: Decode<boolean> = (raw) =>
  raw === true || raw === '1' || raw === 'true'
    ? true
    : raw === false || raw === '0' || raw === 'false'
      ? false
      : undefined;

/** A zod-like schema as a decoder, for structured values. */
export const fromSchema =
  <T>(schema: { safeParse(raw: unknown): { success: true; data: T } | { success: false } }): Decode<T> =>
  (raw) => {
    const parsed = schema.safeParse(raw);
    return parsed.success ? parsed.data : undefined;
  };
