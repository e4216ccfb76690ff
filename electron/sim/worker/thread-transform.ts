/**
 * The interpreter has one stack, so a `_thread` thread cannot be suspended in the middle of a call. What can be
 * suspended is a generator. For every function whose body sleeps at statement level (`utime.sleep_ms(x)` on a line
 * of its own — the loop of nearly every thread), the first statement of the body starts with a call:
 *
 *     _qpy_thread.enter('pub', KEY, globals(), (cls, msg,), {}); x = 1        (a simple statement)
 *     while _qpy_thread.enter('pub', KEY, globals(), (cls, msg,), {}) or (True):   (while / if / for headers)
 *
 * `enter` returns None, so called normally the function behaves as written. When `_thread.start_new_thread` is
 * entering it, `enter` raises (to the scheduler) a generator compiled from the same lines with each such sleep
 * turned into `yield ms`, so threads interleave at their sleeps and the REPL stays responsive between steps. No line
 * is added or removed, and the generator's source is padded so its lines keep their numbers (tracebacks). Functions
 * the rewrite cannot reproduce are left alone (they run to completion when started): nested functions (closures),
 * generators, `super()`, `nonlocal`, annotated or keyword-only parameters, signatures over several lines, a body
 * starting with `try:`, `with`, a definition or a decorator.
 */
export interface ThreadEntry {
  key: number;
  /** The function's name, which the generator has too (tracebacks). */
  name: string;
  /** Source of the generator, padded with newlines so its lines keep their numbers in `filename`. */
  source: string;
  filename: string;
}

const DEF_RE = /^(\s*)def\s+([A-Za-z_]\w*)\s*\((.*)\)\s*(->[^:]*)?:\s*(#.*)?$/;
const CLASS_RE = /^(\s*)class\s+\w+.*:\s*(#.*)?$/;
const SLEEP_RE = /^(\s*)(?:utime|time)\.(sleep|sleep_ms|sleep_us)\((.*)\)\s*(#.*)?$/;
const BLOCKERS = /\byield\b|\bawait\b|\bsuper\s*\(|\bnonlocal\b/;

const indentOf = (line: string): number => /^[ \t]*/.exec(line)?.[0].length ?? 0;
const isBlankOrComment = (line: string): boolean => /^\s*(#.*)?$/.test(line);

/** For each line: true when it starts inside a triple-quoted string (its text is data, not code). */
const linesInsideStrings = (lines: string[]): boolean[] => {
  const inside: boolean[] = [];
  let open: string | undefined;
  for (const line of lines) {
    inside.push(open !== undefined);
    let i = 0;
    while (i < line.length) {
      if (open) {
        const end = line.indexOf(open, i);
        if (end < 0) break;
        i = end + 3;
        open = undefined;
        continue;
      }
      const c = line[i];
      if (c === '#') break;
      if (c === '"' || c === "'") {
        if (line.startsWith(c.repeat(3), i)) {
          open = c.repeat(3);
          i += 3;
          continue;
        }
        i++;
        while (i < line.length && line[i] !== c) i += line[i] === '\\' ? 2 : 1;
        i++;
        continue;
      }
      i++;
    }
  }
  return inside;
};

/** Splits a parameter list at top-level commas. */
const splitParams = (text: string): string[] => {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of text) {
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    if (c === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur);
  return out.map((p) => p.trim()).filter((p) => p.length > 0);
};

/** The call that forwards the parameters: `(a, b) + tuple(args)` and `kw`; undefined when not reproducible. */
const forwarding = (params: string): { args: string; kwargs: string } | undefined => {
  const positional: string[] = [];
  let varargs: string | undefined;
  let kwargs: string | undefined;
  for (const p of splitParams(params)) {
    if (p.startsWith('**')) kwargs = p.slice(2).trim();
    else if (p.startsWith('*')) {
      const name = p.slice(1).trim();
      if (!/^[A-Za-z_]\w*$/.test(name)) return undefined; // bare * (keyword-only parameters follow)
      varargs = name;
    } else {
      const name = (p.split('=')[0] ?? '').trim();
      if (!/^[A-Za-z_]\w*$/.test(name) || varargs || kwargs) return undefined;
      positional.push(name);
    }
  }
  const tuple = positional.length === 0 ? '()' : `(${positional.join(', ')},)`;
  return { args: varargs ? `${tuple} + tuple(${varargs})` : tuple, kwargs: kwargs ?? '{}' };
};

/** The first body line with `call` evaluated first, or undefined when that line cannot take it. */
const withEntryCall = (line: string, call: string): string | undefined => {
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  const rest = line.slice(indent.length);
  const header = /^(while|if)\b\s*(.*):\s*(#.*)?$/.exec(rest);
  if (header) return `${indent}${header[1]} ${call} or (${header[2]}):${header[3] ? ` ${header[3]}` : ''}`;
  const loop = /^for\s+(.+?)\s+in\s+(.*):\s*(#.*)?$/.exec(rest);
  if (loop) return `${indent}for ${loop[1]} in ${call} or (${loop[2]}):${loop[3] ? ` ${loop[3]}` : ''}`;
  if (/^(try|with|async|def|class|else|elif|except|finally|@)\b|^@/.test(rest)) return undefined;
  if (/^(while|if|for)\b/.test(rest) || /:\s*(#.*)?$/.test(rest)) return undefined; // a compound header we cannot read
  return `${indent}${call}; ${rest}`;
};

const sleepAsYield = (line: string): string | undefined => {
  const m = SLEEP_RE.exec(line);
  if (!m) return undefined;
  const [, indent = '', kind, arg = ''] = m;
  const ms = kind === 'sleep' ? `(${arg}) * 1000` : kind === 'sleep_us' ? `(${arg}) / 1000` : `(${arg})`;
  return `${indent}yield ${ms}`;
};

export const transformThreads = (
  source: string,
  filename: string,
  nextKey: () => number,
): { source: string; entries: ThreadEntry[] } => {
  const lines = source.split('\n');
  const inString = linesInsideStrings(lines);
  const entries: ThreadEntry[] = [];
  const edits = new Map<number, string>();
  const scopes: { indent: number; kind: 'def' | 'class' }[] = [];

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (inString[i] || isBlankOrComment(line)) continue;
    const indent = indentOf(line);
    while (scopes.length > 0 && (scopes[scopes.length - 1]?.indent ?? 0) >= indent) scopes.pop();
    if (CLASS_RE.test(line)) {
      scopes.push({ indent, kind: 'class' });
      continue;
    }
    const def = DEF_RE.exec(line);
    if (!def) continue;
    const nested = scopes.some((s) => s.kind === 'def');
    scopes.push({ indent, kind: 'def' });
    if (nested) continue;
    const [, , name = '', params = ''] = def;

    // the body: following lines indented deeper than the def
    let end = i + 1;
    let firstBody = -1;
    const bodySleeps = new Map<number, string>();
    let blocked = false;
    const nestedStarts: number[] = [];
    for (; end < lines.length; end++) {
      const l = lines[end] ?? '';
      if (inString[end]) continue;
      if (isBlankOrComment(l)) continue;
      const ind = indentOf(l);
      if (ind <= indent) break;
      if (firstBody < 0) firstBody = end;
      if (BLOCKERS.test(l)) blocked = true;
      while (nestedStarts.length > 0 && (nestedStarts[nestedStarts.length - 1] ?? 0) >= ind) nestedStarts.pop();
      if (DEF_RE.test(l) || CLASS_RE.test(l) || /^\s*(async\s+def|lambda)\b/.test(l)) {
        nestedStarts.push(ind);
        continue;
      }
      if (nestedStarts.length > 0) continue;
      const asYield = sleepAsYield(l);
      if (asYield !== undefined) bodySleeps.set(end, asYield);
    }
    if (blocked || firstBody < 0 || bodySleeps.size === 0) continue;
    const forward = forwarding(params);
    if (!forward) continue;

    const key = nextKey();
    const call = `_qpy_thread.enter('${name}', ${key}, globals(), ${forward.args}, ${forward.kwargs})`;
    const first = withEntryCall(lines[firstBody] ?? '', call);
    if (first === undefined) continue;
    const genLines: string[] = [];
    for (let j = 0; j < i; j++) genLines.push('');
    genLines.push(`def ${name}(${params}):`);
    for (let j = i + 1; j < end; j++) {
      const l = bodySleeps.get(j) ?? lines[j] ?? '';
      genLines.push(l.slice(0, indent).trim() === '' ? l.slice(indent) : l);
    }
    entries.push({ key, name, source: genLines.join('\n') + '\n', filename });
    edits.set(firstBody, first);
  }

  if (edits.size === 0) return { source, entries };
  return { source: lines.map((l, n) => edits.get(n) ?? l).join('\n'), entries };
};
