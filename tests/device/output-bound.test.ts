import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceManager } from '../../electron/device/manager';
import { USER_OUTPUT_KEPT } from '../../electron/device/files';
import { createSimBinding, type SimBinding } from '../../electron/sim';

/** `qpy exec "while True: print('x'*1000)"` must stream, not pile up: memory stays flat however long it runs. */
const PORT = 'sim://ec600n-modern';
const FLOOD = "while True:\n    print('x'*1000)\n";
const MiB = 1024 * 1024;
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** Live memory after a full collection: what the process really holds, not garbage waiting for the collector. */
const used = () => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

describe('program output is streamed and bounded in memory', () => {
  let binding: SimBinding;
  let manager: DeviceManager;

  beforeAll(async () => {
    binding = createSimBinding();
    manager = new DeviceManager({ binding });
    await manager.open(PORT);
  });
  afterAll(async () => {
    await manager?.closeAll();
    await binding?.reset();
  });

  it('a flood of output reaches the caller as it comes and memory does not grow with it', async () => {
    const files = manager.files(PORT);
    const controller = new AbortController();
    const WARM = 2 * MiB;
    const TOTAL = 14 * MiB;
    let streamed = 0;
    let nextSample = WARM;
    let base = 0;
    // Live memory sampled after each MiB in the second half of the flood. A sample can catch bytes in flight
    // (the simulator does not wait for a slow reader), so the least of them is what the flood really retains.
    const late: number[] = [];
    const run = files.runCode(FLOOD, {
      signal: controller.signal,
      onStdout: (chunk) => {
        streamed += chunk.length;
        if (streamed < nextSample) return;
        nextSample += MiB;
        if (!base) base = used();
        else if (streamed >= TOTAL / 2) late.push(used() - base);
        if (streamed >= TOTAL && !controller.signal.aborted) controller.abort();
      },
    });
    const result = await run;
    expect(streamed).toBeGreaterThanOrEqual(TOTAL);
    expect(late.length).toBeGreaterThanOrEqual(5);
    // Without the bound every chunk stayed in memory: at least TOTAL / 2 - WARM = 5 MiB in every late sample.
    const retained = Math.min(...late);
    expect(retained, `retained ${(retained / MiB).toFixed(2)} MiB after streaming ${streamed / MiB} MiB`).toBeLessThan(
      2 * MiB,
    );
    expect(result.stdout.length).toBeLessThanOrEqual(USER_OUTPUT_KEPT);
    expect(result.stdout).toMatch(/x{100}/);
    expect(result.droppedBytes).toBeGreaterThan(TOTAL - USER_OUTPUT_KEPT * 2);
    expect(result.stderr).toContain('KeyboardInterrupt');
    expect((await files.exec('print(6*7)')).stdout).toBe('42\r\n');
  }, 180_000);

  it('a non-streaming exec keeps the last 64 KiB of a long output and says how much it left out', async () => {
    const files = manager.files(PORT);
    const result = await files.exec("for i in range(3000):\n    print('%05d' % i + 'y'*94)\n");
    expect(result.stdout.length).toBeLessThanOrEqual(USER_OUTPUT_KEPT);
    expect(result.stdout.endsWith(`02999${'y'.repeat(94)}\r\n`)).toBe(true);
    expect(result.droppedBytes).toBe(3000 * 101 - result.stdout.length);
  });
});
