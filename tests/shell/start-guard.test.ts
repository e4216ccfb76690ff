import { describe, expect, it } from 'vitest';
import { runStart, START_FAILURE_TITLE, type StartFailureDeps } from '../../electron/main/start-guard';

const recorder = (overrides: Partial<StartFailureDeps> = {}) => {
  const seen = { dialogs: [] as Array<[string, string]>, logs: [] as string[], quits: 0 };
  const deps: StartFailureDeps = {
    showError: (title, content) => seen.dialogs.push([title, content]),
    log: (line) => seen.logs.push(line),
    quit: () => seen.quits++,
    ...overrides,
  };
  return { seen, deps };
};

describe('Electron start failures', () => {
  it('a start that rejects shows a dialog with the reason, logs the stack and quits', async () => {
    const { seen, deps } = recorder();
    const ok = await runStart(async () => {
      throw new Error('EACCES: permission denied, mkdir /data/qpy');
    }, deps);
    expect(ok).toBe(false);
    expect(seen.dialogs).toEqual([[START_FAILURE_TITLE, expect.stringContaining('EACCES: permission denied')]]);
    expect(seen.dialogs[0]![1]).toMatch(/data folder/);
    expect(seen.logs[0]).toMatch(/start failed: Error: EACCES[\s\S]*at /);
    expect(seen.quits).toBe(1);
  });

  it('still logs and quits when the dialog itself fails; a good start shows nothing', async () => {
    const { seen, deps } = recorder({
      showError: () => {
        throw new Error('no display');
      },
    });
    expect(await runStart(() => Promise.reject(new Error('boom')), deps)).toBe(false);
    expect(seen.logs.some((l) => l.includes('no display'))).toBe(true);
    expect(seen.quits).toBe(1);
    const good = recorder();
    expect(await runStart(async () => undefined, good.deps)).toBe(true);
    expect(good.seen).toEqual({ dialogs: [], logs: [], quits: 0 });
  });
});
