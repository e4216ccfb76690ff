import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimPty, type SimPty } from './sim-pty';

const QPY = fileURLToPath(new URL('../../bin/qpy.mjs', import.meta.url));
const BINARY = Uint8Array.from({ length: 3000 }, (_, i) => (i * 37 + 11) & 0xff);

const qpy = (...args: string[]) =>
  new Promise<{ code: number; stdout: Buffer; stderr: string }>((resolve) => {
    execFile(process.execPath, [QPY, ...args], { encoding: 'buffer', timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr: stderr.toString() });
    });
  });

// Each case starts up to four qpy processes one after another; on the shared 2-core machine each can take 10 s.
describe('qpy device commands against simulated modules on ptys', { timeout: 120_000 }, () => {
  let a: SimPty;
  let b: SimPty;
  let dir: string;

  beforeAll(async () => {
    [a, b] = await Promise.all([
      startSimPty({ firmware: 'modern' }),
      startSimPty({ firmware: 'legacy', rawPaste: 'absent' }),
    ]);
    dir = await mkdtemp(join(tmpdir(), 'qpy-cli-'));
    // The CLI keeps its probe cache in the data folder: the test's own, not the user's.
    process.env.QPY_DATA_DIR = join(dir, 'data');
    await writeFile(join(dir, 'blob 数据.bin'), BINARY);
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('ports lists the built-in simulators beside the machine ports, usable with -p', async () => {
    const listed = await qpy('ports', '--json');
    expect(listed.code).toBe(0);
    const ports = JSON.parse(listed.stdout.toString()) as Array<{ path: string; kind: string; label: string }>;
    expect(ports).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'sim://ec600n-modern',
          kind: 'simulator',
          label: 'Simulated EC600N (QuecPython)',
        }),
      ]),
    );
    const run = await qpy('exec', '-p', 'sim://ec600n-modern', 'print(6*7)');
    expect(run.stdout.toString()).toBe('42\r\n');
  });

  it('push defaults to /usr/<name>, ls --json lists it, cat is binary-safe', async () => {
    const push = await qpy('push', '-p', a.link, join(dir, 'blob 数据.bin'));
    expect(push.stderr).toBe('');
    expect(push.code).toBe(0);
    expect(push.stdout.toString()).toContain('/usr/blob 数据.bin: 2.9 KB');
    const ls = await qpy('ls', '--json', '-p', a.link, '/usr');
    expect(JSON.parse(ls.stdout.toString())).toEqual([
      { path: '/usr/blob 数据.bin', name: 'blob 数据.bin', type: 'file', size: 3000 },
    ]);
    const cat = await qpy('cat', '-p', a.link, '/usr/blob 数据.bin');
    expect(cat.stdout.equals(Buffer.from(BINARY))).toBe(true);
  });

  it('fails with a non-zero exit code and the error on stderr', async () => {
    const missing = await qpy('cat', '-p', a.link, '/usr/nope.py');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No such file or folder on the module: \/usr\/nope\.py.*\[NO_SUCH_FILE\]/);
    const raised = await qpy('exec', '-p', a.link, 'print("partial")\nraise OSError(5)');
    expect(raised.code).toBe(1);
    expect(raised.stdout.toString()).toBe('partial\r\n');
    expect(raised.stderr).toContain('[PYTHON_ERROR]');
    const noPort = await qpy('ls', '-p', '/dev/ttyQPY-nowhere');
    expect(noPort.code).toBe(1);
    expect(noPort.stderr).toContain('[PORT_NOT_FOUND]');
    const notSerial = await qpy('exec', '-p', '/etc/passwd', 'print(1)');
    expect(notSerial.code).toBe(1);
    expect(notSerial.stderr).toMatch(/\/etc\/passwd is not a serial port \(a file\).*\[PORT_NOT_SERIAL\]/);
  });

  it('pushes to several modules in parallel with a per-port summary', async () => {
    const result = await qpy('push', '--json', '-p', a.link, '-p', b.link, join(dir, 'blob 数据.bin'), '/usr/many.bin');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout.toString()) as Array<{ port: string; ok: boolean }>;
    expect(summary.map((s) => [s.port, s.ok])).toEqual([
      [a.link, true],
      [b.link, true],
    ]);
    for (const pty of [a, b])
      expect(Buffer.from(pty.sim.readFile('/usr/many.bin')!).equals(Buffer.from(BINARY))).toBe(true);
    const partly = await qpy(
      'push',
      '-p',
      a.link,
      '-p',
      '/dev/ttyQPY-nowhere',
      join(dir, 'blob 数据.bin'),
      '/usr/x.bin',
    );
    expect(partly.code).toBe(1);
    expect(partly.stdout.toString()).toContain(`✓ ${a.link}`);
    expect(partly.stderr).toContain('✗ /dev/ttyQPY-nowhere');
  });

  it('sync --dry-run shows the plan, sync applies it, --delete removes extras', async () => {
    const project = join(dir, 'project');
    await mkdir(join(project, 'lib'), { recursive: true });
    await writeFile(join(project, 'main.py'), 'print("hi")\n');
    await writeFile(join(project, 'lib', 'util.py'), 'U = 2\n');
    const plan = await qpy('sync', '--dry-run', '--json', '-p', b.link, project, '/usr/app');
    const planned = JSON.parse(plan.stdout.toString()) as {
      value: { new: Array<{ relPath: string }>; mkdirs: string[] };
    };
    expect(planned.value.new.map((i) => i.relPath).sort()).toEqual(['lib/util.py', 'main.py']);
    expect(planned.value.mkdirs).toEqual(['/usr/app', '/usr/app/lib']);
    expect(b.sim.readFile('/usr/app/main.py')).toBeUndefined();
    const synced = await qpy('sync', '-p', b.link, project, '/usr/app');
    expect(synced.code).toBe(0);
    expect(synced.stdout.toString()).toContain('2 pushed');
    expect(Buffer.from(b.sim.readFile('/usr/app/lib/util.py')!).toString()).toBe(
      await readFile(join(project, 'lib', 'util.py'), 'utf8'),
    );
    await rm(join(project, 'lib'), { recursive: true });
    const pruned = await qpy('sync', '--delete', '-p', b.link, project, '/usr/app');
    expect(pruned.stdout.toString()).toContain('1 deleted, 1 unchanged');
    expect(b.sim.readFile('/usr/app/lib/util.py')).toBeUndefined();
  });

  it('escapes control characters from the module (file names, error messages) instead of sending them to the terminal', async () => {
    // A name that would clear the screen, ring the bell and overwrite the line if printed raw.
    const raw = '/usr/esc/e\x1b[2Jv\x07il\rname.txt';
    const shown = String.raw`/usr/esc/e\x1b[2Jv\x07il\rname.txt`;
    const made = await qpy('exec', '-p', a.link, `import os\nos.mkdir('/usr/esc')\nopen('${shown}','w').write('1')`);
    expect(made.stderr).toBe('');
    const controls = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;
    const json = await qpy('ls', '--json', '-p', a.link, '/usr/esc');
    expect((JSON.parse(json.stdout.toString()) as Array<{ path: string }>).map((e) => e.path)).toEqual([raw]);
    const ls = await qpy('ls', '-p', a.link, '/usr/esc');
    expect(ls.code).toBe(0);
    expect(ls.stdout.toString()).toContain(shown);
    expect(ls.stdout.toString()).not.toMatch(controls);
    const pulled = await qpy('pull', '-p', a.link, raw, join(dir, 'pulled.txt'));
    expect(pulled.code).toBe(0);
    expect(pulled.stdout.toString()).toContain(shown);
    expect(pulled.stdout.toString()).not.toMatch(controls);
    const missing = await qpy('cat', '-p', a.link, `${raw}.gone`);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`${shown}.gone`);
    expect(missing.stderr).not.toMatch(controls);
  }, 120_000);
});
