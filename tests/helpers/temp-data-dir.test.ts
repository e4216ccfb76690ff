import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../electron/services/data-dir';

describe('the data folder of a test run', () => {
  it('is a temp folder of its own for every test file', () => {
    expect(process.env.QPY_DATA_DIR).toMatch(new RegExp(`^${tmpdir()}/qpy-test-data-`));
    expect(defaultDataDir()).toBe(process.env.QPY_DATA_DIR);
  });

  it('is refused when a test run did not set one, instead of falling back to the real folder', () => {
    expect(() => defaultDataDir({ VITEST: 'true' }, 'linux')).toThrow(/without QPY_DATA_DIR: set it to a temp folder/);
    expect(defaultDataDir({ VITEST: 'true', QPY_DATA_DIR: '/tmp/x' }, 'linux')).toBe('/tmp/x');
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/home/u/.config' }, 'linux')).toBe(join('/home/u/.config', 'QPY Studio'));
  });

  it('a device command spawned without QPY_DATA_DIR fails before it writes anything', () => {
    const env = { ...process.env };
    delete env.QPY_DATA_DIR;
    const run = spawnSync(process.execPath, ['bin/qpy.mjs', 'ls', '-p', 'sim://ec600n-modern'], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/without QPY_DATA_DIR/);
  });
});
