/**
 * The dev loop as a user runs it, whole process: `qpy push` / `qpy pull` (node bin/qpy.mjs, the built CLI) against
 * mpremote's `fs cp`, same files, same simulated module (`qpy sim --baud 115200` on a socat pty), same run.
 * mpremote is found through $MPREMOTE or PATH; without it only qpy's column is measured.
 *
 *   npx tsx bench/cli.bench.ts [--runs 3]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBenchmarkSection } from './report';

const BAUD = 115200;
const root = fileURLToPath(new URL('..', import.meta.url));
const QPY = join(root, 'bin/qpy.mjs');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
const wireSeconds = (bytes: number) => (bytes * 10) / BAUD;

const findMpremote = (): string | undefined => {
  if (process.env.MPREMOTE) return existsSync(process.env.MPREMOTE) ? process.env.MPREMOTE : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'mpremote');
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
};

/** Runs a command to its end; returns seconds. A failure stops the benchmark (a figure of a failed run is no figure). */
const timed = (command: string, args: string[]): Promise<number> =>
  new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code === 0) resolve(seconds);
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${output.slice(-400)}`));
    });
  });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Median of RUNS whole-process runs; `prepare` runs before each (untimed), e.g. to change the file. */
const measure = async (
  command: string,
  args: () => string[],
  prepare: () => Promise<void> = async () => undefined,
): Promise<number> => {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await prepare();
    times.push(await timed(command, args()));
  }
  return median(times);
};

const pythonSources = async (size: number, salt: string): Promise<Buffer> => {
  const dir = join(root, 'electron/sim/python');
  const names = (await readdir(dir)).filter((n) => n.endsWith('.py')).sort();
  const parts: Buffer[] = [Buffer.from(`# ${salt}\n`)];
  let total = parts[0]!.length;
  while (total < size)
    for (const name of names) {
      const text = await readFile(join(dir, name));
      parts.push(text);
      total += text.length;
    }
  return Buffer.concat(parts).subarray(0, size);
};

const startSim = async (link: string): Promise<ChildProcess> => {
  const sim = spawn(process.execPath, [QPY, 'sim', '--link', link, '--baud', String(BAUD)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  while (!existsSync(link)) {
    if (Date.now() > deadline || sim.exitCode !== null) throw new Error('qpy sim did not create its pty');
    await new Promise((r) => setTimeout(r, 50));
  }
  return sim;
};

const main = async () => {
  const built = spawnSync(process.execPath, [join(root, 'scripts/build-cli.mjs')], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('building the CLI failed');
  const mpremote = findMpremote();
  if (!mpremote) console.log('mpremote not found ($MPREMOTE or PATH), skipped its column');
  const dir = await mkdtemp(join(tmpdir(), 'qpy-cli-bench-'));
  const link = join(dir, 'tty');
  const sim = await startSim(link);
  const rows: string[][] = [];
  const row = (what: string, qpy: number, mp: number | undefined, target: string) => {
    const cells = [what, `${qpy.toFixed(2)} s`, mp === undefined ? '–' : `${mp.toFixed(2)} s`, target];
    rows.push(cells);
    console.log(cells.join(' | '));
  };
  const qpy = (...args: string[]) => [QPY, ...args];
  const mp = (...args: string[]) => ['connect', link, ...args];
  try {
    await timed(process.execPath, qpy('exec', '-p', link, 'print(1)'));
    let n = 0;

    const bare = await measure(process.execPath, () => ['-e', '0']);
    row('`node -e 0` (start-up floor of any Node program here)', bare, undefined, '');
    const helpRow = (what: string, seconds: number) =>
      row(what, seconds, undefined, `${(seconds * 1000).toFixed(0)} ms (target < 150 ms)`);
    const help = await measure(process.execPath, () => qpy('--help'));
    helpRow('`qpy --help` (in this git checkout: checks the sources are not newer than the build)', help);
    // As installed (a copy without .git): no source check.
    const installed = join(dir, 'installed');
    await mkdir(join(installed, 'bin'), { recursive: true });
    await cp(join(root, 'bin/qpy.mjs'), join(installed, 'bin/qpy.mjs'));
    await cp(join(root, 'package.json'), join(installed, 'package.json'));
    await cp(join(root, 'dist-cli'), join(installed, 'dist-cli'), { recursive: true });
    // The copy's bundle has a new time, so its first run writes the code cache (as npm install's build does).
    await timed(process.execPath, [join(installed, 'bin/qpy.mjs'), '--help']);
    const helpInstalled = await measure(process.execPath, () => [join(installed, 'bin/qpy.mjs'), '--help']);
    helpRow('`qpy --help` (an installed copy)', helpInstalled);

    // 4 KB .py, a new version each run (as after an edit).
    const small = join(dir, 'app.py');
    const edit4k = async () => writeFile(small, await pythonSources(4096, `edit ${n++}`));
    const push4 = await measure(process.execPath, () => qpy('push', '-p', link, small, '/usr/app.py'), edit4k);
    const mp4 = mpremote ? await measure(mpremote, () => mp('fs', 'cp', small, ':/usr/app.py'), edit4k) : undefined;
    row(
      '4 KB .py push (changed)',
      push4,
      mp4,
      mp4 ? `${(push4 / mp4).toFixed(2)}× mpremote (target ≤ 0.75×)` : 'target ≤ 0.75× mpremote',
    );

    // The same file again: nothing to send.
    await timed(process.execPath, qpy('push', '-p', link, small, '/usr/app.py'));
    const same = await measure(process.execPath, () => qpy('push', '-p', link, small, '/usr/app.py'));
    if (mpremote) await timed(mpremote, mp('fs', 'cp', small, ':/usr/app.py'));
    const mpSame = mpremote ? await measure(mpremote, () => mp('fs', 'cp', small, ':/usr/app.py')) : undefined;
    row('4 KB .py push (unchanged)', same, mpSame, 'target ≤ 0.35 s');

    const SIZE = 32 * 1024;
    const blob = join(dir, 'blob.bin');
    const newBlob = async () => writeFile(blob, randomBytes(SIZE));
    const pushR = await measure(process.execPath, () => qpy('push', '-p', link, blob, '/usr/blob.bin'), newBlob);
    const mpR = mpremote ? await measure(mpremote, () => mp('fs', 'cp', blob, ':/usr/blob.bin'), newBlob) : undefined;
    row(
      '32 KiB random push',
      pushR,
      mpR,
      `${(pushR / wireSeconds(SIZE)).toFixed(2)}× wire limit ${wireSeconds(SIZE).toFixed(2)} s (target ≤ 1.20×)`,
    );

    const sources = join(dir, 'sources.py');
    const newSources = async () => writeFile(sources, await pythonSources(SIZE, `edit ${n++}`));
    const pushP = await measure(process.execPath, () => qpy('push', '-p', link, sources, '/usr/src.py'), newSources);
    const mpP = mpremote
      ? await measure(mpremote, () => mp('fs', 'cp', sources, ':/usr/src.py'), newSources)
      : undefined;
    row('32 KiB .py sources push', pushP, mpP, `${(pushP / wireSeconds(SIZE)).toFixed(2)}× wire limit (target < 0.6×)`);

    await newBlob();
    await timed(process.execPath, qpy('push', '-p', link, blob, '/usr/pull.bin'));
    const pulled = join(dir, 'pulled.bin');
    const pull = await measure(process.execPath, () => qpy('pull', '-p', link, '/usr/pull.bin', pulled));
    if (!(await readFile(pulled)).equals(await readFile(blob))) throw new Error('qpy pull was not byte-exact');
    const mpPull = mpremote ? await measure(mpremote, () => mp('fs', 'cp', ':/usr/pull.bin', pulled)) : undefined;
    row(
      '32 KiB random pull',
      pull,
      mpPull,
      `${(pull / wireSeconds(SIZE)).toFixed(2)}× wire limit (target ≤ 1.20×, faster than mpremote)`,
    );
  } finally {
    sim.kill('SIGTERM');
    await new Promise((r) => (sim.exitCode === null ? sim.once('exit', r) : r(null)));
    await rm(dir, { recursive: true, force: true });
  }
  const table = [
    '| case | qpy | mpremote | against the target |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
  await writeBenchmarkSection(
    'Dev loop, whole process (qpy vs mpremote, 115200 baud)',
    `Each figure is the median of ${RUNS} whole-process runs (\`node bin/qpy.mjs …\`, the built CLI; ` +
      `\`mpremote connect PTY fs cp …\`) against \`qpy sim --baud ${BAUD}\` on a socat pty, on this machine, in the same run. ` +
      `Wire limit = bytes × 10 / baud. The machine is shared (2 cores), so compare the columns of one run rather than ` +
      `absolute times; the \`node -e 0\` row shows the start-up floor at that moment.` +
      `${mpremote ? '' : ' mpremote was not found, so its column is empty.'}\n\n${table}`,
  );
};

await main();
