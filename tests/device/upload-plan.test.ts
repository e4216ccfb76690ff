import { randomBytes } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fromUtf8, utf8 } from '../../electron/device/bytes';
import { planUpload } from '../../electron/device/upload-plan';
import { decodeBytesLiteral } from './bytes-literal';

const tuning = { unitSize: 1024, execBudget: 3000 };
const random = new Uint8Array(randomBytes(10_000));

/** The lines of an exec (each ends with LF: the 8-bit literal escapes LF inside it). */
const splitLines = (code: Uint8Array): Uint8Array[] => {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < code.length; i++) if (code[i] === 0x0a) lines.push(code.subarray(start, (start = i + 1) - 1));
  return lines;
};

describe('planUpload', () => {
  it('an empty file needs no exec', () => {
    expect(planUpload(new Uint8Array(0), '8bit', true, tuning)).toEqual({ execs: [], compressed: false });
  });

  it('fills execs up to the budget (cutting a unit where a whole one no longer fits), counting every byte once', () => {
    const plan = planUpload(random, '8bit', true, tuning);
    expect(plan.compressed).toBe(false);
    expect(plan.execs.reduce((n, e) => n + e.dataBytes, 0)).toBe(random.length);
    for (const exec of plan.execs) expect(exec.code.length).toBeLessThanOrEqual(tuning.execBudget);
    // Every exec but the last is full to within the smallest piece worth cutting: no round trip is wasted.
    for (const exec of plan.execs.slice(0, -1)) expect(exec.code.length).toBeGreaterThan(tuning.execBudget - 512);
    const lines = plan.execs.flatMap((e) => splitLines(e.code));
    expect(lines.every((l) => fromUtf8(l.subarray(0, 6)) === "_qw(b'")).toBe(true);
    expect(Buffer.concat(lines.map((l) => decodeBytesLiteral(l.subarray(5, -1)))).equals(Buffer.from(random))).toBe(
      true,
    );
  });

  it('keeps even a unit of nothing but escapes within the budget', () => {
    // NUL before a digit takes four bytes (\\000): the worst case of the 8-bit literal, 2.5 times the unit here.
    const worst = Uint8Array.from({ length: 4096 }, (_, i) => (i % 2 ? 0x31 : 0x00));
    const tight = { unitSize: 1024, execBudget: 2000 };
    const plan = planUpload(worst, '8bit', false, tight);
    for (const exec of plan.execs) expect(exec.code.length).toBeLessThanOrEqual(tight.execBudget);
    const lines = plan.execs.flatMap((e) => splitLines(e.code));
    expect(Buffer.concat(lines.map((l) => decodeBytesLiteral(l.subarray(5, -1)))).equals(Buffer.from(worst))).toBe(
      true,
    );
  });

  it('base64 lines decode with _qa; deflate only when the module inflates and it saves 10 %', () => {
    const b64 = planUpload(random.subarray(0, 1024), 'base64', true, tuning);
    const line = fromUtf8(b64.execs[0]!.code);
    expect(line).toMatch(/^_qw\(_qa\(b'[A-Za-z0-9+/=]+'\)\)\n$/);
    expect(Buffer.from(line.slice(10, -4), 'base64').equals(Buffer.from(random.subarray(0, 1024)))).toBe(true);

    const source = utf8('print("hello world")\n'.repeat(200));
    const packed = planUpload(source, 'base64', true, tuning);
    expect(packed.compressed).toBe(true);
    const first = fromUtf8(packed.execs[0]!.code).split('\n')[0]!;
    expect(first).toMatch(/^_qw\(_qz\(_qa\(b'/);
    const inner = Buffer.from(first.slice(first.indexOf("b'") + 2, first.lastIndexOf("'")), 'base64');
    expect(inflateSync(inner).toString()).toBe(fromUtf8(source.subarray(0, 1024)));
    expect(planUpload(source, 'base64', false, tuning).compressed).toBe(false);
  });
});
