import { randomBytes } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fromUtf8, utf8 } from '../../electron/device/bytes';
import { planUpload } from '../../electron/device/upload-plan';

const tuning = { unitSize: 1024, execBudget: 3000 };
const random = new Uint8Array(randomBytes(10_000));

describe('planUpload', () => {
  it('an empty file needs no exec', () => {
    expect(planUpload(new Uint8Array(0), '8bit', true, tuning)).toEqual({ execs: [], compressed: false });
  });

  it('cuts units into lines and groups them into execs within the budget, counting every byte once', () => {
    const plan = planUpload(random, '8bit', true, tuning);
    expect(plan.compressed).toBe(false);
    expect(plan.execs.reduce((n, e) => n + e.dataBytes, 0)).toBe(random.length);
    for (const exec of plan.execs) expect(exec.code.length).toBeLessThanOrEqual(tuning.execBudget);
    const lines = plan.execs.flatMap((e) => fromUtf8(e.code).split('\n').filter(Boolean));
    expect(lines).toHaveLength(Math.ceil(random.length / tuning.unitSize));
    expect(lines.every((l) => l.startsWith("_qw(b'"))).toBe(true);
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
