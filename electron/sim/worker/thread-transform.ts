import { createRequire } from 'node:module';

type PythonParser = (typeof import('@lezer/python'))['parser'];
let loadedParser: PythonParser | undefined;
/** Loaded at the first function definition compiled, so a worker that never needs it starts without it. */
const pythonParser = (): PythonParser => {
  loadedParser ??= (createRequire(import.meta.url)('@lezer/python') as typeof import('@lezer/python')).parser;
  return loadedParser;
};

/**
 * The interpreter has one stack, so a `_thread` thread cannot be suspended in the middle of a call; a generator can.
 * Every function that calls something or loops becomes dual-mode, without adding or removing a line:
 *
 * - its first statement starts with `_qpy_thread.pending and _qpy_thread.enter(...)`, which is None when the
 *   function is called normally, so it behaves as written;
 * - when a thread (or a thread's generator, through `_qpy_thread.co`) calls it, `enter` raises to the caller a
 *   generator ("twin") compiled from the same lines in which every call `f(a)` is `(yield from _qpy_thread.co(f, a))`
 *   and every loop body starts with a preemption point `_qpy_thread.over() and (yield 0)`. `co` yields for the
 *   module's sleeps and waits and descends into the twin of any dual-mode function, so a thread pauses at every
 *   sleep, socket or lock wait however deep in its calls, and a busy loop gives way every few milliseconds.
 *
 * The twin's source is padded with newlines so its lines keep their numbers (tracebacks). Nested functions get the
 * values of the enclosing function's variables they read; methods and nested functions are compiled inside a
 * wrapper function so their indentation stays. Left as written (they run to completion when called from a thread):
 * generators, `async def`, functions using `nonlocal`, one-line compound definitions; calls inside lambdas and
 * comprehensions do not pause.
 */
export interface ThreadEntry {
  key: number;
  /** The function's name, which the twin has too (tracebacks). */
  name: string;
  /** Source of the twin, padded with newlines so its lines keep their numbers in `filename`. */
  source: string;
  filename: string;
}

type Node = ReturnType<PythonParser['parse']>['topNode'];

interface Edit {
  at: number;
  /** Characters replaced at `at` (0: an insertion). */
  del: number;
  text: string;
  /** Order among edits at the same position (lower first). */
  rank: number;
  /** 'entry': in every text but its owner's twin; 'twin': only in its owner's twin; 'always': everywhere. */
  kind: 'entry' | 'twin' | 'always';
  owner: Node | undefined;
}

/** Builtins called by plain name that never block (and some that must see their caller's globals). */
const DIRECT_CALLS = new Set(
  (
    'print len range str int float bool bytes bytearray list dict tuple set frozenset isinstance issubclass hasattr ' +
    'getattr setattr delattr repr min max abs sum sorted reversed enumerate zip hex oct bin ord chr id type iter ' +
    'hash callable round divmod pow format super globals locals vars dir exec eval compile object memoryview slice ' +
    'property staticmethod classmethod all any next open'
  ).split(' '),
);
const MAY_DEFINE_OR_EXEC = /\b(def|exec|eval)\b/;
const COMPOUND = new Set([
  'IfStatement',
  'WhileStatement',
  'ForStatement',
  'TryStatement',
  'WithStatement',
  'FunctionDefinition',
  'ClassDefinition',
  'DecoratedStatement',
  'MatchStatement',
]);
const DEFINITIONS = new Set(['FunctionDefinition', 'ClassDefinition', 'DecoratedStatement']);
/** Nodes with a scope of their own, where `yield` cannot stand for the enclosing function. */
const OWN_SCOPE = (name: string): boolean =>
  name === 'FunctionDefinition' ||
  name === 'ClassDefinition' ||
  name === 'LambdaExpression' ||
  name.includes('Comprehension');

const children = (node: Node): Node[] => {
  const out: Node[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
};

/** Visits every node under `node` (absolute positions). */
const descendants = (node: Node, visit: (n: Node) => void): void => {
  for (const c of children(node)) {
    visit(c);
    descendants(c, visit);
  }
};

const hasError = (node: Node): boolean => {
  let found = false;
  descendants(node, (n) => {
    if (n.type.isError) found = true;
  });
  return found;
};

/** Statements of a Body (StatementGroups flattened), without comments and punctuation. */
const statements = (body: Node): Node[] =>
  children(body).flatMap((c) =>
    c.name === 'StatementGroup'
      ? children(c).filter((s) => s.name !== ';')
      : c.name === ':' || c.name === 'Comment'
        ? []
        : [c],
  );

/** Walks the nodes evaluated in `root`'s own scope (not into nested functions, classes, lambdas, comprehensions). */
const walkOwnScope = (root: Node, visit: (n: Node) => void): void => {
  const go = (n: Node): void => {
    for (const c of children(n)) {
      visit(c);
      if (OWN_SCOPE(c.name) || c.name === 'DecoratedStatement') continue;
      if (c.name === 'ArgList' && children(c).some((a) => a.name === 'for')) continue; // f(x for x in y)
      go(c);
    }
  };
  go(root);
};

export const transformThreads = (
  source: string,
  filename: string,
  nextKey: () => number,
): { source: string; entries: ThreadEntry[] } => {
  if (!MAY_DEFINE_OR_EXEC.test(source)) return { source, entries: [] }; // most raw-REPL snippets: no parse
  const tree = pythonParser().parse(source);
  const top = tree.topNode;
  if (hasError(top)) return { source, entries: [] }; // the interpreter reports the syntax error
  const text = (n: Node): string => source.slice(n.from, n.to);
  const edits: Edit[] = [];
  const planned: { fn: Node; key: number; name: string; shim: string | undefined; ret: string }[] = [];

  /** Adds `prefix` before the first statement `body` executes; false when that statement cannot take it. */
  const prefixFirstStatement = (body: Node, prefix: string, kind: Edit['kind'], owner: Node): boolean => {
    let stmts = statements(body);
    for (;;) {
      const first = stmts.find((s) => !DEFINITIONS.has(s.name));
      if (!first) return false;
      if (!COMPOUND.has(first.name)) {
        edits.push({ at: first.from, del: 0, text: `${prefix}; `, rank: -1000, kind, owner });
        return true;
      }
      if (first.name === 'TryStatement') {
        const tryBody = children(first).find((c) => c.name === 'Body');
        if (!tryBody) return false;
        stmts = statements(tryBody);
        continue;
      }
      const parts = children(first);
      const keyword = first.name === 'ForStatement' ? 'in' : first.name.replace('Statement', '').toLowerCase();
      const start = parts.findIndex((c) => c.name === keyword);
      const bodyAt = parts.findIndex((c) => c.name === 'Body');
      if (start < 0 || bodyAt <= start + 1 || !['if', 'while', 'in', 'with'].includes(keyword)) return false;
      let end = bodyAt - 1;
      if (keyword === 'with') {
        const as = parts.findIndex((c, i) => i > start && (c.name === 'as' || c.name === ','));
        end = (as < 0 ? bodyAt : as) - 1;
      }
      const from = parts[start + 1];
      const to = parts[end];
      if (!from || !to) return false;
      edits.push({ at: from.from, del: 0, text: `(${prefix}) or (`, rank: -800, kind, owner });
      edits.push({ at: to.to, del: 0, text: ')', rank: 800, kind, owner });
      return true;
    }
  };

  /** Names bound in a function's own scope: parameters and assignment targets (a generous reading). */
  const boundNames = (fn: Node): Set<string> => {
    const names = new Set<string>();
    const params = children(fn).find((c) => c.name === 'ParamList');
    if (params) {
      const ps = children(params);
      ps.forEach((p, i) => {
        if (p.name === 'VariableName' && ps[i - 1]?.name !== 'AssignOp' && ps[i - 1]?.name !== ':') names.add(text(p));
      });
    }
    const body = children(fn).find((c) => c.name === 'Body');
    if (!body) return names;
    walkOwnScope(body, (n) => {
      const def = n.name === 'DecoratedStatement' ? children(n).find((c) => DEFINITIONS.has(c.name)) : n;
      if (def && (def.name === 'FunctionDefinition' || def.name === 'ClassDefinition')) {
        const id = children(def).find((c) => c.name === 'VariableName');
        if (id) names.add(text(id));
      }
      const parts = children(n);
      if (n.name === 'AssignStatement' || n.name === 'UpdateStatement') {
        const lastOp = parts.map((c) => c.name).lastIndexOf(n.name === 'AssignStatement' ? 'AssignOp' : 'UpdateOp');
        parts.slice(0, Math.max(0, lastOp)).forEach((c) => collectTargets(c, names));
      }
      if (n.name === 'ForStatement') {
        const inAt = parts.findIndex((c) => c.name === 'in');
        parts.slice(1, Math.max(1, inAt)).forEach((c) => collectTargets(c, names));
      }
      if (n.name === 'ImportStatement') {
        parts.forEach((c, i) => {
          if (c.name === 'VariableName' && (parts[i - 1]?.name === 'as' || !parts.some((p) => p.name === 'as')))
            names.add(text(c));
        });
      }
      parts.forEach((c, i) => {
        if (c.name === 'VariableName' && parts[i - 1]?.name === 'as') names.add(text(c));
        if (c.name === 'AssignOp' && text(c) === ':=' && parts[i - 1]?.name === 'VariableName')
          names.add(text(parts[i - 1] as Node));
      });
    });
    return names;
  };
  const collectTargets = (n: Node, into: Set<string>): void => {
    if (n.name === 'VariableName') into.add(text(n));
    else if (n.name === 'TupleExpression' || n.name === 'ParenthesizedExpression' || n.name === 'ArrayExpression')
      children(n).forEach((c) => collectTargets(c, into));
  };

  /** Names a nested function reads from enclosing functions (the values its twin is given). */
  const freeNames = (fn: Node): string[] | undefined => {
    const enclosing: Node[] = [];
    for (let p = fn.parent; p; p = p.parent) if (p.name === 'FunctionDefinition') enclosing.push(p);
    if (enclosing.length === 0) return [];
    const outer = new Set<string>();
    for (const e of enclosing) for (const n of boundNames(e)) outer.add(n);
    const local = boundNames(fn);
    const globalNames = new Set<string>();
    const used = new Set<string>();
    const nameNode = children(fn).find((c) => c.name === 'VariableName');
    descendants(fn, (n) => {
      if (n.name === 'ScopeStatement')
        children(n)
          .filter((c) => c.name === 'VariableName')
          .forEach((c) => globalNames.add(text(c)));
      if (n.name === 'VariableName' && n.from !== nameNode?.from) used.add(text(n));
    });
    return [...used].filter((n) => outer.has(n) && !local.has(n) && !globalNames.has(n)).sort();
  };

  /** Enclosing class name for a zero-argument super() (resolvable from the twin), or undefined. */
  const superClass = (fn: Node): string | undefined => {
    let p = fn.parent;
    while (p && p.name !== 'ClassDefinition') {
      if (p.name === 'FunctionDefinition') return undefined;
      p = p.parent;
    }
    const id = p ? children(p).find((c) => c.name === 'VariableName') : undefined;
    return id ? text(id) : undefined;
  };

  const planFunction = (fn: Node): void => {
    const parts = children(fn);
    if (parts.some((c) => c.name === 'async')) return;
    const nameNode = parts.find((c) => c.name === 'VariableName');
    const params = parts.find((c) => c.name === 'ParamList');
    const body = parts.find((c) => c.name === 'Body');
    if (!nameNode || !params || !body) return;
    const name = text(nameNode);
    const forward = forwarding(params, text);
    if (!forward) return;
    const lineStart = source.lastIndexOf('\n', fn.from - 1) + 1;
    const indent = source.slice(lineStart, fn.from);
    // `class A: def f(self): ...` on one line; an indented def needs the line above for its wrapper
    if (!/^[ \t]*$/.test(indent) || (indent && lineStart === 0)) return;
    if (statements(body).length === 0) return;

    let blocked = false;
    const calls: { call: Node; depth: number }[] = [];
    const loops: Node[] = [];
    walkOwnScope(body, (n) => {
      if (n.name === 'YieldExpression' || n.name === 'AwaitExpression' || n.name === 'yield') blocked = true;
      if (n.name === 'ScopeStatement' && children(n)[0]?.name === 'nonlocal') blocked = true;
      if (n.name === 'WhileStatement' || n.name === 'ForStatement') loops.push(n);
      if (n.name === 'CallExpression') {
        let depth = 0;
        for (let p = n.parent; p && p !== body; p = p.parent) if (p.name === 'CallExpression') depth++;
        calls.push({ call: n, depth });
      }
    });
    if (blocked) return;
    const free = freeNames(fn);
    if (free === undefined) return;

    const twinEdits: Edit[] = [];
    for (const { call, depth } of calls) {
      const [callee, args] = children(call);
      if (!callee || !args || args.name !== 'ArgList') continue;
      const calleeText = text(callee);
      if (callee.name === 'VariableName' && calleeText === 'super') {
        const cls = superClass(fn);
        const self = forward.first;
        if (children(args).length === 2 && cls && self)
          twinEdits.push({ at: args.from, del: 2, text: `(${cls}, ${self})`, rank: 0, kind: 'twin', owner: fn });
        continue;
      }
      if (callee.name === 'VariableName' && DIRECT_CALLS.has(calleeText)) continue;
      const argParts = children(args);
      const empty = argParts.length === 2;
      const genexp = argParts.some((a) => a.name === 'for');
      twinEdits.push({
        at: callee.from,
        del: 0,
        text: '(yield from _qpy_thread.co(',
        rank: depth,
        kind: 'twin',
        owner: fn,
      });
      twinEdits.push({
        at: args.from,
        del: 1,
        text: empty ? '' : genexp ? ', (' : ', ',
        rank: 0,
        kind: 'twin',
        owner: fn,
      });
      twinEdits.push({ at: args.to - 1, del: 1, text: genexp ? ')))' : '))', rank: 0, kind: 'twin', owner: fn });
    }
    const before = edits.length;
    for (const loop of loops) {
      const loopBody = children(loop).find((c) => c.name === 'Body');
      if (loopBody) prefixFirstStatement(loopBody, '_qpy_thread.over() and (yield 0)', 'twin', fn);
    }
    const preempts = edits.splice(before);
    if (twinEdits.length === 0 && preempts.length === 0) return;

    const key = nextKey();
    const freeTuple = free.length === 0 ? '()' : `(${free.join(', ')},)`;
    const entry =
      `_qpy_thread.pending and _qpy_thread.enter('${name}', ${key}, globals(), ${forward.args}, ${forward.kwargs}` +
      `${indent ? `, ${freeTuple}` : ''})`;
    if (!prefixFirstStatement(body, entry, 'entry', fn)) return;
    edits.push(...twinEdits, ...preempts);
    // a nested function that calls itself must find itself, not its twin: the wrapper restores the name
    const shimParams = free.map((n) => (n === name ? '_qpy_own' : n));
    const ret = free.includes(name) ? `_qpy_twin = ${name}; ${name} = _qpy_own; return _qpy_twin` : `return ${name}`;
    planned.push({ fn, key, name, shim: indent ? `def _qpy_shim(${shimParams.join(', ')}):` : undefined, ret });
  };

  tree.iterate({
    enter: (ref) => {
      if (ref.name === 'FunctionDefinition') planFunction(ref.node);
    },
  });

  // exec()/eval() of a string compile it as the module does (the rewrite applies to it too)
  tree.iterate({
    enter: (ref) => {
      if (ref.name !== 'CallExpression') return;
      const [callee, args] = children(ref.node);
      if (!callee || !args || callee.name !== 'VariableName' || !['exec', 'eval'].includes(text(callee))) return;
      const argParts = children(args);
      const first = argParts[1];
      if (!first || first.name === ')' || first.name === '*' || first.name === '**') return;
      const comma = argParts.findIndex((a, i) => i > 1 && (a.name === ',' || a.name === ')'));
      const last = argParts[comma - 1];
      if (!last || argParts.slice(1, comma).some((a) => a.name === 'for' || a.name === 'AssignOp')) return;
      edits.push({ at: first.from, del: 0, text: '_qpy_thread.src(', rank: -600, kind: 'always', owner: undefined });
      edits.push({ at: last.to, del: 0, text: `, '${text(callee)}')`, rank: 600, kind: 'always', owner: undefined });
    },
  });

  if (edits.length === 0) return { source, entries: [] };
  const entries = planned.map(({ fn, key, name, shim, ret }): ThreadEntry => {
    const picked = edits.filter(
      (e) =>
        e.at >= fn.from &&
        e.at < fn.to &&
        (e.kind === 'always' || (e.kind === 'entry' ? e.owner !== fn : e.owner === fn)),
    );
    const body = apply(source, fn.from, fn.to, picked);
    const line = source.slice(0, fn.from).split('\n').length;
    const lineStart = source.lastIndexOf('\n', fn.from - 1) + 1;
    const indent = source.slice(lineStart, fn.from);
    const tail = body.endsWith('\n') ? '' : '\n';
    const twin =
      shim === undefined
        ? `${'\n'.repeat(line - 1)}${body}${tail}`
        : `${'\n'.repeat(line - 2)}${shim}\n${indent}${body}${tail}${indent}${ret}\n`;
    return { key, name, source: twin, filename };
  });
  const out = apply(
    source,
    0,
    source.length,
    edits.filter((e) => e.kind !== 'twin'),
  );
  return { source: out, entries };
};

/** The text of source[from, to) with the edits applied. */
const apply = (source: string, from: number, to: number, edits: Edit[]): string => {
  const sorted = [...edits].sort((a, b) => a.at - b.at || a.del - b.del || a.rank - b.rank);
  let out = '';
  let pos = from;
  for (const e of sorted) {
    if (e.at < pos) continue; // inside a replaced character (cannot happen with well-formed edits)
    out += source.slice(pos, e.at) + e.text;
    pos = e.at + e.del;
  }
  return out + source.slice(pos, to);
};

/** How the entry call forwards the parameters: positional tuple and keyword dict; undefined when not reproducible. */
const forwarding = (
  params: Node,
  text: (n: Node) => string,
): { args: string; kwargs: string; first: string | undefined } | undefined => {
  const parts = children(params);
  const positional: string[] = [];
  const keywordOnly: string[] = [];
  let varargs: string | undefined;
  let kwargs: string | undefined;
  let star = false;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as Node;
    const prev = parts[i - 1];
    if (p.name !== 'VariableName' || prev?.name === 'AssignOp' || prev?.name === ':') {
      if (p.name === '*' && parts[i + 1]?.name !== 'VariableName') star = true;
      continue;
    }
    if (prev?.name === '**') kwargs = text(p);
    else if (prev?.name === '*') {
      varargs = text(p);
      star = true;
    } else if (star) keywordOnly.push(text(p));
    else positional.push(text(p));
  }
  const tuple = positional.length === 0 ? '()' : `(${positional.join(', ')},)`;
  const kwPairs = keywordOnly.map((k) => `'${k}': ${k}`).join(', ');
  const kwDict = kwargs ? (keywordOnly.length ? `dict(${kwargs}, **{${kwPairs}})` : kwargs) : `{${kwPairs}}`;
  return { args: varargs ? `${tuple} + tuple(${varargs})` : tuple, kwargs: kwDict, first: positional[0] };
};
