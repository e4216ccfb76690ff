import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshotDir, startApp, type RunningApp } from './harness';

const SIM = 'sim://ec600n-modern';
/** The token QuecPython's OneNET guide prints for its example key (seed 000/002). */
const SEED_TOKEN =
  'version=2018-10-31&res=products%2F469948%2Fdevices%2FChic_D&et=1673053248&method=sha1&sign=prIMDQ23WFI6PMj2IWpaRJJL4eE%3D';
const HUAWEI_ID = '5fbbb784b4ec2202e982e643_868540050954037';

const cloud = (page: Page): Locator => page.locator('.cloud-workspace');
const device = (page: Page): Locator => page.locator('.device-workspace');
const mqtt = (page: Page): Locator => page.locator('.mqtt-workspace');

/** Sets a form field the way typing would (React sees an input event). */
const fill = async (scope: Locator, testId: string, value: string) => {
  const input = scope.getByTestId(testId);
  await input.fill(value);
};

describe('Cloud credentials workspace (browser mode)', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser, app.url, 'en-US'));
    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('nav-cloud').click();
    await cloud(page).getByTestId('cloud-onenet').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('reproduces the OneNET guide’s token from its example values (same et)', async () => {
    const c = cloud(page);
    await c.getByTestId('cloud-onenet').click();
    await c.getByTestId('fill-example').click();
    expect(await c.getByTestId('field-accessKey').getAttribute('type')).toBe('password');
    await c.getByTestId('compute').click();
    // The guide's et (2023) has passed: the token is computed all the same and marked expired.
    await c.getByTestId('result').waitFor();
    expect(await c.getByTestId('error-expiresAt').count()).toBe(0);
    expect(await c.getByTestId('value-password').textContent()).not.toContain('version=');
    await c.getByTestId('reveal-password').click();
    expect(await c.getByTestId('value-password').textContent()).toBe(SEED_TOKEN);
    expect(await c.getByTestId('value-clientId').textContent()).toBe('Chic_D');
    expect(await c.getByTestId('value-username').textContent()).toBe('469948');
    expect(await c.getByTestId('value-host').textContent()).toBe('mqtts.heclouds.com');
    expect(await c.getByTestId('expiry-badge').textContent()).toMatch(
      /^expired on 07\/01\/2023, \d\d:\d\d:48: the cloud will refuse it$/,
    );
    expect(await c.getByTestId('topic-dp.post').textContent()).toContain('$sys/469948/Chic_D/dp/post/json');
  });

  it('checks pasted credentials: the guide token verifies, a one-character change is named', async () => {
    const c = cloud(page);
    await c.getByTestId('cloud-onenet').click();
    await fill(c, 'check-clientId', 'Chic_D');
    await fill(c, 'check-username', '469948');
    await fill(c, 'check-password', SEED_TOKEN.replace('et=1673053248', 'et=1673053249'));
    await fill(c, 'check-secret', 'rs2FaE5BuygJZkWKDA5okKt1RFpwOx53hbu6hwyCS4U=');
    expect(await c.getByTestId('check-secret').getAttribute('type')).toBe('password');
    await c.getByTestId('check-run').click();
    await c.getByTestId('check-diagnosis').waitFor();
    expect(await c.getByTestId('check-verdict').textContent()).toBe('signature does not match');
    expect(await c.getByTestId('check-diagnosis').textContent()).toBe(
      "the password matches if the et (expiry) is '1673053248' instead of '1673053249'",
    );
    await fill(c, 'check-password', SEED_TOKEN);
    await c.getByTestId('check-run').click();
    await expect
      .poll(() => c.getByTestId('check-verdict').textContent(), { timeout: 20_000 })
      .toBe('signature matches the secret');
    expect(await c.getByTestId('check-expiry').textContent()).toMatch(
      /^expired on 07\/01\/2023, .*: the cloud will refuse it$/,
    );
    expect(await c.getByTestId('check-part-password.method').textContent()).toContain('sha1');
  });

  it('round trip: emulated Huawei cloud, main.py pushed to the simulated module, uplink in the console, downlink back', async () => {
    // Connect the simulated module in the Device workspace.
    await page.getByTestId('nav-device').click();
    const simPort = device(page).locator(`[data-testid=port-item][data-path="${SIM}"]`);
    await simPort.waitFor();
    await simPort.click();
    await device(page).getByTestId('connect').click();
    await expect.poll(() => device(page).getByTestId('connection-state').textContent()).toBe('Connected');

    // Fill the Huawei wizard from the guide and let the embedded broker play IoTDA.
    await page.getByTestId('nav-cloud').click();
    const c = cloud(page);
    await c.getByTestId('cloud-huawei').click();
    await c.getByTestId('fill-example').click();
    await c.getByTestId('compute').click();
    expect(await c.getByTestId('value-clientId').textContent()).toBe(`${HUAWEI_ID}_0_0_2021011909`);
    await c.getByTestId('emulator-switch').click();
    await c.getByTestId('emulator-banner').waitFor();
    expect(await c.getByTestId('value-host').textContent()).toBe('127.0.0.1');
    const port = Number(await c.getByTestId('value-port').textContent());
    expect(port).toBeGreaterThan(0);

    // Generate main.py against the emulator, push it and restart the module so it runs at boot.
    // A report every 8 s: deviceSoftReset watches the boot output until it has been quiet for 5 s.
    await fill(c, 'script-interval', '8');
    await c.getByTestId('generate-script').click();
    await expect.poll(() => c.locator('[data-testid=script-code] .cm-content').innerText()).toContain(`PORT = ${port}`);
    expect(await c.locator('[data-testid=script-code] .cm-content').innerText()).toContain("SERVER = '127.0.0.1'");
    await c.getByTestId('push-to-module').click();
    await expect.poll(() => c.getByTestId('push-status').textContent()).toContain('/usr/main.py');
    await c.getByTestId('soft-reset').click();
    await c.getByTestId('restarted').waitFor();

    // The module connects to the emulated cloud and reports properties.
    const output = c.getByTestId('module-output');
    await expect.poll(() => output.textContent()).toContain(`[mqtt] connected to 127.0.0.1:${port}`);
    await expect.poll(() => output.textContent()).toContain(`[up] $oc/devices/${HUAWEI_ID}/sys/properties/report`);
    const side = c.getByTestId('cloud-side');
    await side.getByTestId('emulator-event-uplink').first().waitFor();
    expect(await side.getByTestId('emulator-online').textContent()).toContain(`${HUAWEI_ID}_0_0_2021011909`);

    // The MQTT console joins as the same device with this hour's timestamp (another client id) and watches it.
    await c.getByTestId('now-timestamp').click();
    await c.getByTestId('compute').click();
    expect(await c.getByTestId('value-host').textContent()).toBe('127.0.0.1');
    await c.getByTestId('open-in-mqtt').click();
    const m = mqtt(page);
    await m.waitFor({ state: 'visible' });
    await expect.poll(() => m.getByTestId('connection-title').textContent()).toContain('Huawei');
    await m.getByTestId('mqtt-connect').click();
    await expect.poll(() => m.getByTestId('mqtt-session-state').getAttribute('data-state')).toBe('connected');
    const report = `$oc/devices/${HUAWEI_ID}/sys/properties/report`;
    await m.getByTestId('subscribe-add').click();
    await m.getByTestId('subscribe-topic').fill(report);
    await m.getByTestId('subscribe-submit').click();
    const uplink = m.locator('[data-testid="log-row"][data-direction="in"]', { hasText: report });
    await uplink.first().waitFor();

    // The cloud side sends a command; the module's callback prints it, and the console (subscribed to commands) sees it.
    await page.getByTestId('nav-cloud').click();
    await side.getByTestId('downlink-kind').selectOption('commands.request');
    await side.getByTestId('downlink-params').fill('{"value": "ON-e2e"}');
    await side.getByTestId('send-downlink').click();
    await expect.poll(() => output.textContent()).toContain('ON-e2e');
    expect(await output.textContent()).toContain(`[down] $oc/devices/${HUAWEI_ID}/sys/commands/request_id=`);
    await side.getByTestId('emulator-event-downlink').first().waitFor();
    await page.getByTestId('nav-mqtt').click();
    await m
      .locator('[data-testid="log-row"][data-direction="in"]', { hasText: '/sys/commands/request_id=' })
      .first()
      .waitFor();
    await page.getByTestId('nav-cloud').click();
    await side.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshotDir, 'cloud-emulated-en.png') });
    expect(errors).toEqual([]);
  });

  it('screenshots a filled wizard with its result in English and Chinese', async () => {
    const c = cloud(page);
    await c.getByTestId('cloud-aliyun').click();
    await c.getByTestId('fill-example').click();
    await c.getByTestId('compute').click();
    await c.getByTestId('result').waitFor();
    await page.screenshot({ path: join(screenshotDir, 'cloud-en.png') });
    await page.getByTestId('language-select').selectOption('zh');
    await expect.poll(() => c.getByTestId('compute').textContent()).toBe('生成连接参数');
    await page.screenshot({ path: join(screenshotDir, 'cloud-zh.png') });
    await page.getByTestId('language-select').selectOption('en');
    expect(errors).toEqual([]);
  });
});
