import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { contract } from '../../shared/contract';

/**
 * Every request field the UI can send whose name says path, file, dir(ectory), folder or local, and that takes
 * free text: each is either in this list, with the reason the backend never uses it as an arbitrary file on this
 * computer, or the test fails. A new field that names a local file must be a grant (shared/api/local.ts).
 */
const ALLOWED: Record<string, string> = {
  'device*.path':
    'a serial port: deviceOpen lets through only sim://, listed ports, COMn or a terminal device (electron/device/port-path-check.ts); every other device call acts on a port already open',
  'portsRemember.path': 'a serial port remembered for the port list; opened only through deviceOpen and its check',
  'portsForget.path': 'removes a remembered serial port from the list',
  'profileSave.connection.path': 'the WebSocket path in the broker URL (ws/wss), not a local file',
  'mqttConnect.options.path': 'the WebSocket path in the broker URL (ws/wss), not a local file',
  '**.relPath': 'a path inside a grant: relSegments refuses absolute paths, "..", and links out of the grant',
  'deviceSyncPlan.remoteDir': 'a folder on the module, not on this computer',
  'deviceSync.remoteDir': 'a folder on the module, not on this computer',
  'localPickBrowse.dir':
    'browser mode’s own picker: only while a pick session the user opened is pending (electron/local/pick-sessions.ts)',
  'localPickChoose.path': 'browser mode’s own picker: what the user chose, ends the pending pick session with a grant',
};

const PATH_WORDS = new Set(['path', 'file', 'files', 'dir', 'directory', 'folder']);

/** "caFile" → ca, file; "relPath" → rel, path; "profileId" → profile, id (not a file). */
const words = (name: string): string[] =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

const namesAPath = (field: string): boolean => {
  const w = words(field);
  return w.some((x) => PATH_WORDS.has(x)) || w[0] === 'local';
};

/** `*` stands for any part of one name ('device*.path': deviceOpen.path …), `**` for any names ('**.relPath'). */
const allowedBy = (pattern: string, where: string): boolean => {
  const escape = (part: string) => part.replace(/[.[\]{}]/g, '\\$&');
  const source = pattern
    .split('**')
    .map((chunk) => chunk.split('*').map(escape).join('[^.]*'))
    .join('.*');
  return new RegExp(`^${source}$`).test(where);
};

const allowed = (where: string): boolean => Object.keys(ALLOWED).some((pattern) => allowedBy(pattern, where));

type Def = { type: string } & Record<string, unknown>;
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Free-text leaves: strings and anything the walk cannot see into (unknown, any, custom). */
const FREE_TEXT = new Set(['string', 'unknown', 'any', 'custom', 'template_literal']);

interface Leaf {
  where: string;
  field: string;
  type: string;
}

const leaves = (schema: z.ZodType, where: string, field: string, out: Leaf[], depth = 0): Leaf[] => {
  if (depth > 20) throw new Error(`${where}: nested too deep to check`);
  const d = defOf(schema);
  const inner = (s: unknown, w = where, f = field) => leaves(s as z.ZodType, w, f, out, depth + 1);
  switch (d.type) {
    case 'object':
      for (const [key, value] of Object.entries(d.shape as Record<string, z.ZodType>))
        inner(value, `${where}.${key}`, key);
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      inner(d.innerType);
      break;
    case 'pipe':
      inner(d.in);
      inner(d.out);
      break;
    case 'union':
      for (const option of d.options as z.ZodType[]) inner(option);
      break;
    case 'intersection':
      inner(d.left);
      inner(d.right);
      break;
    case 'array':
      inner(d.element, `${where}[]`);
      break;
    case 'record':
      inner(d.valueType, `${where}{}`);
      break;
    case 'lazy':
      throw new Error(`${where}: a lazy schema; extend this walk to check it`);
    default:
      out.push({ where, field, type: d.type });
  }
  return out;
};

const allLeaves = Object.entries(contract).flatMap(([name, spec]) =>
  leaves((spec as { request: z.ZodType }).request, name, '', []),
);

describe('no request field takes a local path as free text', () => {
  it('walks every call’s schema (it sees the fields it must judge)', () => {
    const seen = new Set(allLeaves.map((l) => l.where));
    for (const known of ['deviceOpen.path', 'localRead.relPath', 'profileSave.tlsFiles.key.grant', 'localWrite.data'])
      expect(seen, known).toContain(known);
  });

  it('finds each path-like free-text field in the allow-list, with its reason', () => {
    const suspicious = allLeaves.filter((l) => FREE_TEXT.has(l.type) && namesAPath(l.field));
    expect(suspicious.length).toBeGreaterThan(0);
    const unexplained = suspicious.filter((l) => !allowed(l.where)).map((l) => `${l.where} (${l.type})`);
    expect(unexplained, 'make these grants ({ grant, relPath }) or explain them in ALLOWED').toEqual([]);
  });

  it('the judgement of names and the allow-list work as they claim', () => {
    expect(['caFile', 'certFile', 'keyFile', 'savePath', 'localPath', 'localDir', 'dataDir'].every(namesAPath)).toBe(
      true,
    );
    expect(['profileId', 'keyName', 'pem', 'topic', 'startAt'].some(namesAPath)).toBe(false);
    expect(allowed('deviceOpen.path')).toBe(true);
    expect(allowed('profileSave.connection.tls.caFile')).toBe(false);
    expect(allowed('mqttFullPayload.savePath')).toBe(false);
    expect(allowed('devicePush.local.relPath')).toBe(true);
    expect(allowed('devicePush.localPath')).toBe(false);
  });

  it('every allow-list entry still matches a field (no stale reasons)', () => {
    const where = allLeaves.map((l) => l.where);
    for (const pattern of Object.keys(ALLOWED)) {
      expect(
        where.some((w) => allowedBy(pattern, w)),
        pattern,
      ).toBe(true);
    }
  });
});
