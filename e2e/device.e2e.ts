import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshotDir, startApp, type RunningApp } from './harness';

const SIM = 'sim://ec600n-modern';

const terminalText = (page: Page) => page.locator('[data-testid=terminal] .xterm-rows').innerText();

const typeInTerminal = async (page: Page, text: string) => {
  await page.locator('[data-testid=terminal] .xterm-screen').click();
  await page.keyboard.type(text, { delay: 5 });
};

/** Pastes like a user would (the terminal sends multi-line text through the REPL's paste mode). */
const pasteInTerminal = async (page: Page, text: string) => {
  await page.locator('[data-testid=terminal] .xterm-screen').click();
  await page.locator('[data-testid=terminal] textarea').evaluate((el, value) => {
    const data = new DataTransfer();
    data.setData('text/plain', value);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
};

const moduleEntry = (page: Page, name: string) => page.locator(`[data-testid=module-entry][data-name="${name}"]`);
const localEntry = (page: Page, name: string) => page.locator(`[data-testid=local-entry][data-name="${name}"]`);

/** Browser mode's picker: type the folder, open it, choose it. */
const chooseLocalFolder = async (page: Page, dir: string) => {
  await page.getByTestId('local-choose').click();
  await page.getByTestId('local-picker-path').fill(dir);
  await page.getByTestId('local-picker-path').press('Enter');
  await page.locator(`[data-testid=local-picker-list][data-dir="${dir}"]`).waitFor();
  await page.getByTestId('local-picker-choose').click();
  await page.getByTestId('local-picker').waitFor({ state: 'detached' });
  await expect.poll(() => page.getByTestId('local-path').textContent()).toBe(dir);
};

describe('Device workbench against the simulator (browser mode)', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'qpy-device-e2e-'));
    await mkdir(join(work, 'proj', 'lib'), { recursive: true });
    await writeFile(join(work, 'proj', 'main.py'), 'print("proj says", 6 * 7)\n');
    await writeFile(join(work, 'proj', 'lib', 'util.py'), 'def twice(x):\n    return x * 2\n');
    await mkdir(join(work, 'downloads'));
    app = await startApp();
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser, app.url, 'en-US'));
    page.on('dialog', (dialog) => void dialog.accept());
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('connects to the simulated module and runs print(6*7) in the REPL', async () => {
    const simPort = page.locator(`[data-testid=port-item][data-path="${SIM}"]`);
    await simPort.waitFor();
    expect(await simPort.textContent()).toContain('Simulated EC600N');
    await simPort.click();
    await page.getByTestId('connect').click();
    await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('Connected');
    await expect.poll(() => terminalText(page)).toContain('>>>');
    await typeInTerminal(page, 'print(6*7)\r');
    await expect.poll(() => terminalText(page)).toMatch(/print\(6\*7\)\s+42/);
  });

  it('types Chinese into the REPL and the module gets every character', async () => {
    await typeInTerminal(page, '\r');
    await expect.poll(() => terminalText(page), { timeout: 15_000 }).toMatch(/>>>\s*$/);
    await typeInTerminal(page, 'print("你好")');
    await typeInTerminal(page, '\r');
    // The module's readline would drop typed non-ASCII; the line reaches it through paste mode instead.
    await expect.poll(() => terminalText(page), { timeout: 15_000 }).toMatch(/^你好\s*$/m);
    await typeInTerminal(page, 'for w in ["模组"]:\r');
    await typeInTerminal(page, 'print(w * 2)\r\r');
    await expect.poll(() => terminalText(page), { timeout: 15_000 }).toMatch(/^模组模组\s*$/m);
    await typeInTerminal(page, 'print(6*8)\r');
    await expect.poll(() => terminalText(page)).toMatch(/print\(6\*8\)\s+48/);
  });

  it('uploads a folder through the folder picker and shows it in the module tree', async () => {
    await page.getByTestId('upload-folder-input').setInputFiles(join(work, 'proj'));
    await moduleEntry(page, 'proj').waitFor();
    await moduleEntry(page, 'proj').dblclick();
    await moduleEntry(page, 'main.py').waitFor();
    await moduleEntry(page, 'lib').waitFor();
    expect(await page.getByTestId('module-cwd').textContent()).toContain('/usr/proj');
  });

  it('opens a module file, edits and saves it, and sees the edit after reopening', async () => {
    await moduleEntry(page, 'main.py').dblclick();
    const tab = page.locator('[data-testid=editor-tab][data-title="main.py"]');
    await tab.waitFor();
    await expect.poll(() => page.locator('[data-testid=editor] .cm-content').innerText()).toContain('proj says');
    await page.locator('[data-testid=editor] .cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('print("edited 编辑")');
    await tab.getByTestId('dirty-dot').waitFor();
    await page.keyboard.press('Control+s');
    await tab.getByTestId('dirty-dot').waitFor({ state: 'detached' });
    await tab.getByRole('button', { name: 'Close tab' }).click();
    await tab.waitFor({ state: 'detached' });
    await moduleEntry(page, 'main.py').dblclick();
    await expect
      .poll(() => page.locator('[data-testid=editor] .cm-content').innerText())
      .toContain('print("edited 编辑")');
  });

  it('runs a module file and shows its output in the terminal', async () => {
    await moduleEntry(page, 'main.py').locator('.file-name').click();
    await page.getByTestId('entry-run').click();
    await expect.poll(() => terminalText(page)).toContain('proj says 42');
    await expect.poll(() => terminalText(page)).toContain('edited 编辑');
  });

  it('stops a busy loop with Ctrl-C and gets the prompt back', async () => {
    // The loop says when it runs, so Ctrl-C interrupts it rather than the line still being typed.
    await typeInTerminal(page, 'n = 0\rwhile True:\r    n += 1\r    if n == 1: print("spinning")\r\r');
    await expect.poll(() => terminalText(page)).toMatch(/\nspinning/);
    await page.keyboard.press('Control+c');
    await expect.poll(() => terminalText(page)).toContain('KeyboardInterrupt');
    await typeInTerminal(page, 'print(111*3)\r');
    await expect.poll(() => terminalText(page)).toMatch(/print\(111\*3\)\s+333/);
  });

  it('pulls a module file as a download and into the local folder', async () => {
    await moduleEntry(page, 'main.py').locator('.file-name').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('entry-download').click()]);
    expect(download.suggestedFilename()).toBe('main.py');
    const saved = join(work, 'downloads', 'main.py');
    await download.saveAs(saved);
    expect(await readFile(saved, 'utf8')).toContain('print("edited 编辑")');

    await chooseLocalFolder(page, join(work, 'downloads'));
    await page.locator('[data-testid=local-entry][data-name="main.py"]').waitFor();
    await moduleEntry(page, 'lib').dblclick();
    await moduleEntry(page, 'util.py').locator('.file-name').click();
    await page.getByTestId('entry-pull').click();
    await page.locator('[data-testid=local-entry][data-name="util.py"]').waitFor();
    expect(await readFile(join(work, 'downloads', 'util.py'), 'utf8')).toBe('def twice(x):\n    return x * 2\n');
  });

  it('opens a QuecPython example, saves it to the module and runs it from the editor', async () => {
    await page.getByTestId('examples-button').click();
    await page.getByTestId('example-hello.py').click();
    const tab = page.locator('[data-testid=editor-tab][data-title="hello.py"]');
    await tab.waitFor();
    await page.getByTestId('editor-save-as').click();
    await expect.poll(() => page.getByTestId('prompt-input').inputValue()).toBe('/usr/hello.py');
    await page.getByTestId('prompt-ok').click();
    await page.getByTestId('module-root-usr').click();
    await moduleEntry(page, 'hello.py').waitFor();
    expect(await tab.textContent()).toContain('module');
    await page.getByTestId('editor-run').click();
    await expect.poll(() => terminalText(page)).toContain('done');
    expect(await terminalText(page)).toContain('tick 4');
  });

  it('runs an unsaved buffer without saving it', async () => {
    await page.getByTestId('editor-new').click();
    await page.locator('[data-testid=editor] .cm-content').click();
    await page.keyboard.type('print("buffer", 7 * 6)');
    await page.getByTestId('editor-run').click();
    await expect.poll(() => terminalText(page)).toContain('buffer 42');
    const tab = page.locator('[data-testid=editor-tab][data-title="untitled.py"]');
    await tab.getByRole('button', { name: 'Close tab' }).click();
    // Unsaved text: the app's own dialog asks first.
    await page.getByTestId('confirm-dialog').getByText('untitled.py has unsaved changes').waitFor();
    await page.getByTestId('confirm-ok').click();
    await tab.waitFor({ state: 'detached' });
  });

  it('shows the sync plan (new, unchanged, only on module) before syncing a local folder', async () => {
    await moduleEntry(page, 'proj').dblclick();
    await page.getByTestId('sync-open').click();
    await page.getByTestId('sync-plan').waitFor();
    expect(await page.getByTestId('sync-count-new').textContent()).toMatch(/^1/);
    expect(await page.getByTestId('sync-count-unchanged').textContent()).toMatch(/^1/);
    expect(await page.getByTestId('sync-count-toDelete').textContent()).toMatch(/^1/);
    await page.getByTestId('sync-run').click();
    await page.getByTestId('sync-plan').waitFor({ state: 'detached' });
    await moduleEntry(page, 'util.py').waitFor();
    await moduleEntry(page, 'lib').waitFor();
    await page.getByTestId('module-root-usr').click();
  });

  it('pushes a file from the chosen local folder to the module', async () => {
    await chooseLocalFolder(page, join(work, 'proj'));
    await localEntry(page, 'lib').dblclick();
    await localEntry(page, 'util.py').click();
    await page.getByTestId('local-upload').click();
    await moduleEntry(page, 'util.py').waitFor();
    expect(await page.getByTestId('module-cwd').textContent()).toContain('/usr');
    // The same file again: the module already has it, so the app asks before replacing it.
    await page.getByTestId('local-push').click();
    await page.getByTestId('confirm-dialog').getByText('/usr/util.py is already on the module').waitFor();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.getByTestId('transfer').last().getAttribute('data-state')).toBe('done');
  });

  it('pushes a selected local folder with the push button, and a file by dragging it onto the module pane', async () => {
    await writeFile(join(work, 'proj', 'drag_me.py'), 'print("dragged", 6 * 7)\n');
    await page.getByTestId('local-pane').getByRole('button', { name: 'Up one folder' }).click();
    await localEntry(page, 'drag_me.py').waitFor();
    await page.getByTestId('module-mkdir').click();
    await page.getByTestId('prompt-input').fill('pushed');
    await page.getByTestId('prompt-ok').click();
    await moduleEntry(page, 'pushed').locator('.file-icon').dblclick();
    await expect.poll(() => page.getByTestId('module-cwd').textContent()).toContain('/usr/pushed');

    await localEntry(page, 'lib').click();
    await expect.poll(() => page.getByTestId('local-push').textContent()).toBe('Push to /usr/pushed');
    await page.getByTestId('local-push').click();
    await moduleEntry(page, 'lib').waitFor();
    expect(await page.getByTestId('transfer').last().textContent()).toContain('lib/util.py → /usr/pushed/lib');

    await localEntry(page, 'drag_me.py').dragTo(page.getByTestId('module-pane'));
    await moduleEntry(page, 'drag_me.py').waitFor();
    expect(await page.getByTestId('transfer').last().textContent()).toContain('drag_me.py → /usr/pushed');

    // What the module holds is what was on this computer.
    await typeInTerminal(page, 'exec(open("/usr/pushed/drag_me.py").read())\r');
    await expect.poll(() => terminalText(page)).toMatch(/^dragged 42\s*$/m);
    await typeInTerminal(page, 'print(len(open("/usr/pushed/lib/util.py").read()), "bytes in util")\r');
    await expect.poll(() => terminalText(page)).toMatch(/^31 bytes in util\s*$/m);
    await page.getByTestId('module-root-usr').click();
  });

  it('saves the terminal log as a download', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('terminal-save-log').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^qpy-terminal-\d{8}-\d{6}\.log$/);
    const saved = join(work, 'downloads', 'terminal.log');
    await download.saveAs(saved);
    expect(await readFile(saved, 'utf8')).toMatch(/print\(6\*7\)\n42\n/);
  });

  it('stays responsive while a program prints at full speed, and Ctrl-C stops it', async () => {
    await typeInTerminal(page, 'n = 0\rwhile True:\r    n += 1\r    print("flood", n, "0123456789" * 5)\r\r');
    await expect.poll(() => terminalText(page)).toMatch(/flood \d+ 0123/);
    await page.waitForTimeout(1500);
    const lags: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const started = Date.now();
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
      lags.push(Date.now() - started);
    }
    expect(Math.max(...lags)).toBeLessThan(1000);
    await page.locator('[data-testid=terminal] .xterm-screen').click();
    await page.keyboard.press('Control+c');
    await expect.poll(() => terminalText(page)).toMatch(/KeyboardInterrupt[\s\S]*>>>/);
    await page.getByTestId('terminal-clear').click();
  });

  it('takes screenshots in English and Chinese', async () => {
    await page.getByTestId('terminal-run').click();
    await expect.poll(() => terminalText(page)).toContain('hello.py finished');
    await pasteInTerminal(page, 'for i in range(3):\n    print("你好，移远 QuecPython", i)\n');
    await expect.poll(() => terminalText(page)).toContain('你好，移远 QuecPython 2');
    await moduleEntry(page, 'hello.py').locator('.file-name').click();
    await page.screenshot({ path: join(screenshotDir, 'device-en.png') });
    await page.getByTestId('language-select').selectOption('zh');
    await expect.poll(() => page.getByTestId('nav-device').textContent()).toContain('设备');
    await page.screenshot({ path: join(screenshotDir, 'device-zh.png') });
    await page.getByTestId('language-select').selectOption('en');
    if (process.env.QPY_DARK_SHOT) {
      await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
      await page.screenshot({ path: process.env.QPY_DARK_SHOT });
    }
    expect(errors).toEqual([]);
  });
});
