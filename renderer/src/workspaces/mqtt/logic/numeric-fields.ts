/** Paths of the numeric leaves of a JSON value: "temp", "data.hum", "list[0]". The value itself when a number. */
export const numericFieldPaths = (value: unknown, prefix = '', out: string[] = [], limit = 64): string[] => {
  if (out.length >= limit) return out;
  if (typeof value === 'number' && Number.isFinite(value)) {
    out.push(prefix === '' ? '$' : prefix);
  } else if (Array.isArray(value)) {
    value.slice(0, 16).forEach((item, i) => numericFieldPaths(item, `${prefix}[${i}]`, out, limit));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      numericFieldPaths(item, prefix === '' ? key : `${prefix}.${key}`, out, limit);
    }
  }
  return out;
};

/** The number at a path made by numericFieldPaths, or undefined. */
export const readNumericField = (value: unknown, path: string): number | undefined => {
  if (path === '$') return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  let current: unknown = value;
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return typeof current === 'number' && Number.isFinite(current) ? current : undefined;
};
