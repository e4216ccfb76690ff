/**
 * True when every topic `filter` can match is also matched by `pattern` (both MQTT filters).
 * Used by the emulators to check a device subscribes only inside its own topic space.
 */
const filterCovers = (pattern: string, filter: string): boolean => {
  const p = pattern.split('/');
  const f = filter.split('/');
  for (let i = 0; i < p.length; i++) {
    const pl = p[i]!;
    if (pl === '#') return true;
    const fl = f[i];
    if (fl === undefined) return false;
    if (fl === '#') return false;
    if (pl === '+') continue;
    if (fl !== pl) return false;
  }
  return f.length === p.length;
};

export const coveredByAny = (patterns: readonly string[], filter: string): boolean =>
  patterns.some((p) => filterCovers(p, filter));
