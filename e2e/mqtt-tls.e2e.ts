import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCertificates, startMosquitto, type Mosquitto } from '../tests/mqtt/mosquitto';
import { launchBrowser, openPage, startApp, type RunningApp } from './harness';

describe('MQTT TLS files from the picker (browser mode)', () => {
  let dir: string;
  let certs: ReturnType<typeof makeTestCertificates>;
  let broker: Mosquitto;
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const missing = () => join(dir, 'gone', 'client.crt');
  const ws = () => page.getByTestId('mqtt-workspace');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qpy-e2e-tls-'));
    certs = makeTestCertificates(dir);
    broker = await startMosquitto({ dir, tls: certs });
    // A profile saved before the picker, naming a client certificate that is gone: announced at start.
    const dataDir = join(dir, 'data');
    await mkdir(dataDir, { recursive: true });
    const legacy = {
      version: 1,
      profiles: [
        {
          id: 'old',
          name: 'Old TLS',
          connection: { host: '127.0.0.1', port: 8883, transport: 'mqtts', tls: { certFile: missing() } },
        },
      ],
    };
    await writeFile(join(dataDir, 'mqtt-profiles.json'), JSON.stringify(legacy));
    app = await startApp({ env: { QPY_DATA_DIR: dataDir } });
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser, app.url, 'en-US'));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await broker?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('announces an old profile whose TLS file cannot be read', async () => {
    const notice = page.locator('[data-testid="startup-notice"][data-kind="tlsFiles"]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('choose it again');
    await notice.locator('summary').click();
    expect(await notice.textContent()).toContain(missing());
    await notice.getByRole('button', { name: 'Close' }).click();
    await notice.waitFor({ state: 'detached' });
  });

  it('connects to a real TLS broker with a CA file chosen in the picker', async () => {
    await page.getByTestId('nav-mqtt').click();
    await ws().getByTestId('profile-new').click();
    await ws().getByTestId('form-name').fill('E2E TLS');
    await ws().getByTestId('form-transport').selectOption('mqtts');
    await ws().getByTestId('form-host').fill('127.0.0.1');
    await ws().getByTestId('form-port').fill(String(broker.tlsPort));

    await ws().getByTestId('form-ca-choose').click();
    await page.getByTestId('local-picker-path').fill(dir);
    await page.getByTestId('local-picker-path').press('Enter');
    await page.locator(`[data-testid=local-picker-list][data-dir="${dir}"]`).waitFor();
    await page.locator('[data-testid=local-picker-entry][data-name="ca.crt"]').click();
    await page.getByTestId('local-picker-choose').click();
    await page.getByTestId('local-picker').waitFor({ state: 'detached' });
    await expect.poll(() => ws().getByTestId('form-ca-name').textContent()).toContain('ca.crt');

    await ws().getByTestId('form-save').click();
    await expect.poll(() => ws().getByTestId('connection-title').textContent()).toBe('E2E TLS');
    await ws().getByTestId('mqtt-connect').click();
    await expect
      .poll(() => ws().getByTestId('mqtt-session-state').getAttribute('data-state'), { timeout: 60_000 })
      .toBe('connected');
    expect(errors).toEqual([]);
  });
});
