import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qpy, type Proc } from '../tests/sim/qpy-process';
import { launchBrowser, openPage, startApp, type RunningApp } from './harness';

const terminalText = (page: Page) => page.locator('[data-testid=terminal] .xterm-rows').innerText();

const typeInTerminal = async (page: Page, text: string) => {
  await page.locator('[data-testid=terminal] .xterm-screen').click();
  await page.keyboard.type(text, { delay: 5 });
};

/** Whether two elements' boxes overlap on screen. */
const overlaps = async (page: Page, a: string, b: string): Promise<boolean> => {
  const [ra, rb] = await Promise.all([page.getByTestId(a).boundingBox(), page.getByTestId(b).boundingBox()]);
  if (!ra || !rb) return false;
  return ra.x < rb.x + rb.width && rb.x < ra.x + ra.width && ra.y < rb.y + rb.height && rb.y < ra.y + ra.height;
};

/**
 * A module on a real pseudo-terminal (`qpy sim --link`, the way a USB serial port appears) is unplugged: the
 * simulator process ends and its port disappears; then it is plugged back in at the same path.
 */
describe('a module unplugged and plugged back in (real pty, browser mode)', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let work: string;
  let tty: string;
  const cleanups: (() => Promise<void> | void)[] = [];

  const plugIn = async (): Promise<Proc> => {
    const sim = qpy(['sim', '--link', tty], cleanups);
    await sim.until(/Simulated EC600N/, 60_000);
    return sim;
  };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'qpy-unplug-e2e-'));
    app = await startApp();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    for (const c of cleanups.splice(0).reverse()) await c();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('says the module was unplugged, marks the terminal, reconnects by itself when it is back, and the REPL works', async () => {
    tty = join(work, 'ttyUSB-qpy0');
    ({ page, errors } = await openPage(browser, app.url, 'en-US'));
    const sim = await plugIn();
    await page.getByTestId('free-path-input').fill(tty);
    await page.getByTestId('free-path-input').press('Enter');
    await page.locator(`[data-testid=port-item][data-path="${tty}"]`).click();
    await page.getByTestId('connect').click();
    await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('Connected');
    await expect.poll(() => terminalText(page)).toContain('>>>');
    await typeInTerminal(page, 'print(6*7)\r');
    await expect.poll(() => terminalText(page)).toMatch(/print\(6\*7\)\s+42/);

    sim.child.kill('SIGTERM');
    await sim.exited;
    await expect.poll(() => page.getByTestId('connection-waiting').isVisible()).toBe(true);
    const reason = (await page.getByTestId('connection-reason').textContent()) ?? '';
    expect(reason).toContain('the module was unplugged or reset');
    expect(reason).not.toMatch(/bad file descriptor|EIO|EBADF/i);
    expect(await page.getByTestId('connection-waiting').textContent()).toContain('Reconnects by itself');
    await expect.poll(() => terminalText(page)).toContain('module unplugged or reset');
    // The notice sits in the connection panel, never over the terminal's output.
    expect(await overlaps(page, 'connection-panel', 'terminal')).toBe(false);

    await plugIn();
    await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('Connected');
    await expect.poll(() => terminalText(page)).toContain('module back, reconnected');
    expect(await page.getByTestId('connection-waiting').count()).toBe(0);
    await expect.poll(() => terminalText(page)).toMatch(/>>>\s*$/);
    await typeInTerminal(page, 'print(6*8)\r');
    await expect.poll(() => terminalText(page)).toMatch(/print\(6\*8\)\s+48/);
    expect(errors).toEqual([]);
  });
});
