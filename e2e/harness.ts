import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.QPY_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface RunningApp {
  url: string;
  output: () => string;
  dataDir: string;
  stop(): Promise<void>;
}

/** The address browser mode prints: loopback, a port and the per-launch token in the fragment. */
const PRINTED_URL = /http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+(?=\s)/;

/**
 * Starts the app as a user would (`npm start` by default) in a fresh data folder and waits for the URL it prints
 * (token included, so pages opened from `url` are let in).
 * `command` lets a test run another front door, e.g. ['node', 'bin/qpy.mjs', 'web'].
 */
export const startApp = async (
  options: { command?: string[]; args?: string[]; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunningApp> => {
  const dataDir = await mkdtemp(join(tmpdir(), 'qpy-e2e-'));
  const [cmd, ...cmdArgs] = options.command ?? ['npm', 'start', '--silent', '--'];
  const child: ChildProcess = spawn(
    cmd!,
    [...cmdArgs, '--port', '0', '--no-open', '--broker-port', '0', '--broker-ws-port', '0', ...(options.args ?? [])],
    {
      cwd: ROOT,
      env: { ...process.env, CI: '1', QPY_DATA_DIR: dataDir, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`app did not print its URL in time:\n${output}`)),
      options.timeoutMs ?? 90_000,
    );
    const check = () => {
      const m = PRINTED_URL.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    dataDir,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        try {
          process.kill(-child.pid!, 'SIGTERM');
        } catch {
          /* already gone */
        }
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
};

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });

/** A page that fails the test on any uncaught error or console error in the UI. */
export const openPage = async (
  browser: Browser,
  url: string,
  locale = 'en-US',
): Promise<{ page: Page; errors: string[] }> => {
  const context = await browser.newContext({ locale, viewport: { width: 1400, height: 880 } });
  // Every wait is on a state the page shows; a generous bound keeps a busy machine from failing a correct UI.
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  return { page, errors };
};

export const screenshotDir = join(ROOT, 'docs', 'screenshots');
