import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A PATH with only node and a stand-in apt-get that records its arguments and installs nothing. */
const barePath = () => {
  const dir = mkdtempSync(join(tmpdir(), 'qpy-deps-'));
  folders.push(dir);
  symlinkSync(process.execPath, join(dir, 'node'));
  const log = join(dir, 'apt.log');
  writeFileSync(join(dir, 'apt-get'), `#!/bin/sh\necho "$@" >> ${log}\n`);
  chmodSync(join(dir, 'apt-get'), 0o755);
  return { dir, log };
};

const run = (script: string, args: string[], path: string, env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [join(root, script), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, PATH: path, ...env },
    timeout: 60_000,
  });

describe('system tools the tests need', () => {
  it('are all present on this machine (npm test checks them first)', () => {
    const result = run('scripts/system-deps.mjs', ['--check'], process.env.PATH ?? '');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('when missing, --check names the exact install command in one line', () => {
    const { dir } = barePath();
    const result = run('scripts/system-deps.mjs', ['--check'], dir, { QPY_CHROMIUM: '/nonexistent/chromium' });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^The tests need socat \(.+\), .*chromium \(.+\).*; run: sudo apt-get update && /);
    expect(lines[0]).toMatch(/sudo apt-get install -y --no-install-recommends socat .*chromium .*tmux picocom/);
  });

  it('npm test stops before any step when they are missing, after trying apt-get as root', () => {
    const { dir, log } = barePath();
    const result = run('scripts/test.mjs', [], dir, { QPY_CHROMIUM: '/nonexistent/chromium' });
    expect(result.status).toBe(1);
    expect(result.stdout).not.toContain('Type-check');
    expect(result.stderr).toMatch(
      /The tests need socat .*; run: sudo apt-get .*install -y --no-install-recommends socat/,
    );
    if (process.getuid?.() === 0) {
      const calls = readFileSync(log, 'utf8').trim().split('\n');
      expect(calls[0]).toBe('update -qq');
      expect(calls[1]).toMatch(/^install -y -qq --no-install-recommends socat .*chromium/);
    }
  });

  it('.ci/run installs the same list', () => {
    expect(readFileSync(join(root, '.ci/run'), 'utf8')).toContain('$(node scripts/system-deps.mjs --list)');
  });
});
