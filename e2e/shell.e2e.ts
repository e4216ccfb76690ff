import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, startApp, type RunningApp } from './harness';

describe('npm start (browser-mode fallback) and the app shell', () => {
  let app: RunningApp;
  let browser: Browser;
  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('says in one line that Electron is missing and serves the UI instead', () => {
    expect(app.output()).toMatch(/Electron's binary is not installed on this machine.*browser mode/);
    // Only that line: not Electron's own download attempt and its stack trace.
    expect(app.output()).not.toMatch(/Downloading Electron binary|TypeError|\n\s+at /);
    expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/);
  });

  it('shows the backend port list with a free path entry, and switches language and back (remembered)', async () => {
    const { page, errors } = await openPage(browser, app.url, 'en-US');
    await expect.poll(() => page.getByTestId('backend-state').textContent()).toContain('connected');
    await page.getByTestId('port-list').waitFor();
    await page.getByTestId('free-path-input').waitFor();
    expect(await page.getByTestId('nav-device').textContent()).toContain('Device');
    await page.getByTestId('free-path-input').fill('/tmp/ttyQPY-e2e');
    await page.getByTestId('free-path-input').press('Enter');
    await page.locator('[data-path="/tmp/ttyQPY-e2e"]').waitFor();

    await page.getByTestId('language-select').selectOption('zh');
    await expect.poll(() => page.getByTestId('nav-device').textContent()).toContain('设备');
    expect(await page.getByTestId('nav-mqtt').textContent()).toContain('MQTT 控制台');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');

    await page.reload();
    await expect.poll(() => page.getByTestId('nav-device').textContent()).toContain('设备');

    await page.getByTestId('language-select').selectOption('en');
    await expect.poll(() => page.getByTestId('nav-device').textContent()).toContain('Device');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('refuses a page opened without the token and says which address to open', async () => {
    const { page } = await openPage(browser, new URL(app.url).origin + '/', 'en-US');
    await expect.poll(() => page.getByTestId('backend-state').textContent()).toContain('#token=');
    await page.context().close();
  });

  it('follows a Chinese system language on first start', async () => {
    const { page } = await openPage(browser, app.url, 'zh-CN');
    await expect.poll(() => page.getByTestId('nav-cloud').textContent()).toContain('云平台凭据');
    await page.context().close();
  });
});
