import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOUD_IDS } from '../shared/cloud';
import { launchBrowser, openPage, startApp, type RunningApp } from './harness';
import { findEnglish, type Finding } from './zh-text';

const SIM = 'sim://ec600n-modern';
const BASE = '$sys/469948/Chic_D';

/*
 * The Chinese UI, walked as a user would: every workspace and the states a user reaches (module connected, files,
 * editor, examples, errors, busy, MQTT with a connection, profile form with TLS, observer, every cloud's wizard,
 * credential check, script, dialogs). At each stop the visible text is collected; an English word that is not a
 * product or protocol name (see zh-text.ts) fails the test with where it was seen.
 */
describe('The Chinese UI shows no English (browser mode, simulator, emulated cloud)', { timeout: 600_000 }, () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let work: string;
  const findings: Finding[] = [];
  const look = async (state: string) => findings.push(...(await findEnglish(page, state)));
  const device = () => page.locator('.device-workspace');
  const cloud = () => page.locator('.cloud-workspace');
  const mqtt = () => page.getByTestId('mqtt-workspace');

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'qpy-zh-e2e-'));
    await mkdir(join(work, 'proj'), { recursive: true });
    await writeFile(join(work, 'proj', 'main.py'), 'print(6 * 7)\n');
    await writeFile(join(work, 'big.bin'), Buffer.alloc(1536 * 1024, 7));
    app = await startApp();
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser, app.url, 'zh-CN'));
  });

  afterAll(async () => {
    await writeFile(join(tmpdir(), 'qpy-zh-findings.json'), JSON.stringify(findings, null, 1));
    await page?.screenshot({ path: join(tmpdir(), 'qpy-zh-last.png') });
    await browser?.close();
    await app?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('device workspace: ports, connected module, files, editor, examples, dialogs, busy, storage full', async () => {
    const simPort = device().locator(`[data-testid=port-item][data-path="${SIM}"]`);
    await simPort.waitFor();
    await look('device, nothing connected');
    await simPort.click();
    await device().getByTestId('connect').click();
    await expect.poll(() => device().getByTestId('connection-state').textContent()).toBe('已连接');
    await device().getByTestId('module-free').waitFor();
    await look('device, module connected');

    await device().getByTestId('module-mkdir').click();
    await page.getByTestId('prompt-dialog').waitFor();
    await look('dialog: new folder');
    await page.getByTestId('prompt-input').fill('zhdir');
    await page.getByTestId('prompt-ok').click();
    const folder = device().locator('[data-testid=module-entry][data-name="zhdir"]');
    await folder.click();
    await folder.getByTestId('entry-delete').click();
    await page.getByTestId('confirm-dialog').waitFor();
    await look('dialog: delete from module');
    await page.getByTestId('confirm-cancel').click();

    await device().getByTestId('examples-button').click();
    await device().getByTestId('examples-menu').waitFor();
    await look('examples menu');
    await page.keyboard.press('Escape');
    await device().getByTestId('examples-menu').waitFor({ state: 'detached' });

    await device().getByTestId('editor-new').click();
    await device().getByTestId('editor-tab').first().waitFor();
    await device().locator('[data-testid=editor] .cm-content').click();
    await page.keyboard.type('import utime\nutime.sleep(30)\n');
    await look('editor with an unsaved tab');
    await device().getByTestId('editor-run').click();
    await expect.poll(() => device().getByTestId('connection-state').textContent()).toMatch(/^忙碌/);
    await look('busy: running code');
    await device().getByTestId('terminal-interrupt').click();
    await expect.poll(() => device().getByTestId('connection-state').textContent()).toBe('已连接');

    await device().getByTestId('local-choose').click();
    await page.getByTestId('local-picker').waitFor();
    await look('local folder picker');
    await page.getByTestId('local-picker-path').fill(work);
    await page.getByTestId('local-picker-path').press('Enter');
    await page.locator(`[data-testid=local-picker-list][data-dir="${work}"]`).waitFor();
    await page.getByTestId('local-picker-choose').click();
    await page.getByTestId('local-picker').waitFor({ state: 'detached' });
    await device().locator('[data-testid=local-entry][data-name="proj"]').waitFor();
    await device().locator('[data-testid=local-entry][data-name="big.bin"]').click();
    await look('local pane with a folder');

    await device().getByTestId('upload-files-input').setInputFiles(join(work, 'big.bin'));
    await page.locator('[role=alert][data-code="STORAGE_FULL"]').first().waitFor();
    await look('error: storage full');
    expect(errors).toEqual([]);
  });

  it('cloud workspace: every wizard with its result, the credential check, the script, the emulator', async () => {
    await page.getByTestId('nav-cloud').click();
    for (const id of CLOUD_IDS) {
      await cloud().getByTestId(`cloud-${id}`).click();
      await look(`cloud ${id}: empty form`);
      if ((await cloud().getByTestId('fill-example').count()) > 0) {
        await cloud().getByTestId('fill-example').click();
        await cloud().getByTestId('compute').click();
        await cloud().getByTestId('result').waitFor();
        await look(`cloud ${id}: example computed`);
      } else {
        await cloud().getByTestId('compute').click();
        await look(`cloud ${id}: computed empty (validation)`);
      }
    }

    await cloud().getByTestId('cloud-onenet').click();
    await cloud().getByTestId('fill-example').click();
    await cloud().getByTestId('compute').click();
    await cloud().getByTestId('expiry-badge').waitFor();
    await look('cloud onenet: past expiry');
    await cloud().getByTestId('check-clientId').fill('Chic_D');
    await cloud().getByTestId('check-username').fill('469948');
    await cloud()
      .getByTestId('check-password')
      .fill(
        'version=2018-10-31&res=products%2F469948%2Fdevices%2FChic_D&et=1673053249&method=sha1&sign=prIMDQ23WFI6PMj2IWpaRJJL4eE%3D',
      );
    await cloud().getByTestId('check-secret').fill('rs2FaE5BuygJZkWKDA5okKt1RFpwOx53hbu6hwyCS4U=');
    await cloud().getByTestId('check-run').click();
    await cloud().getByTestId('check-diagnosis').waitFor();
    await look('credential check: one input differs');

    await cloud().getByTestId('generate-script').click();
    await cloud().getByTestId('script-panel').waitFor();
    await look('generated script');
    await cloud().getByTestId('push-to-module').click();
    await cloud().getByTestId('push-status').waitFor();
    await look('script pushed (overwrite question or status)');
    if ((await page.getByTestId('confirm-dialog').count()) > 0) await page.getByTestId('confirm-cancel').click();

    await cloud().getByTestId('emulator-switch').click();
    await cloud().getByTestId('emulator-banner').waitFor();
    await cloud().getByTestId('cloud-side').waitFor();
    await look('emulated cloud on');
    expect(errors).toEqual([]);
  });

  it('MQTT console: observer with a dropped downlink, refusal, profile form with TLS, connection refused', async () => {
    await cloud().getByTestId('open-in-mqtt').click();
    await mqtt().getByTestId('connect-choice').waitFor();
    await look('mqtt: how to connect');
    await mqtt().getByTestId('connect-choice-observe').click();
    await expect.poll(() => mqtt().getByTestId('mqtt-session-state').getAttribute('data-state')).toBe('connected');
    await mqtt().getByTestId('publish-topic').fill(`${BASE}/dp/post/json`);
    await mqtt().getByTestId('publish-payload').fill('{"led":"on"}');
    await mqtt().getByTestId('publish-send').click();
    await mqtt().getByTestId('log-row-verdict').first().waitFor();
    await mqtt().getByTestId('log-row').first().click();
    await look('mqtt: observer with a dropped downlink');

    await mqtt().getByTestId('mqtt-disconnect').click();
    await expect.poll(() => mqtt().getByTestId('mqtt-session-state').getAttribute('data-state')).toBe('disconnected');
    await mqtt().getByTestId('mqtt-connect').click();
    await expect.poll(() => mqtt().getByTestId('mqtt-session-state').getAttribute('data-state')).toBe('refused');
    await look('mqtt: refused by the emulated cloud (expired token)');

    // While it plays a cloud, the embedded broker checks every login as that cloud does: turn it off for the rest.
    await page.getByTestId('nav-cloud').click();
    await cloud().getByTestId('emulator-switch').click();
    await cloud().getByTestId('emulator-banner').waitFor({ state: 'detached' });
    await page.getByTestId('nav-mqtt').click();

    await mqtt().getByTestId('profile-new').click();
    await mqtt().getByTestId('profile-form').waitFor();
    await mqtt().getByTestId('form-transport').selectOption('mqtts');
    await mqtt().getByTestId('form-allowInsecure').check();
    await look('profile form with TLS');
    await mqtt().getByTestId('form-name').fill('本地 1');
    await mqtt().getByTestId('form-host').fill('127.0.0.1');
    await mqtt().getByTestId('form-transport').selectOption('mqtt');
    await mqtt().getByTestId('form-port').fill('1');
    await mqtt().getByTestId('form-save').click();
    await expect.poll(() => mqtt().getByTestId('connection-title').textContent()).toBe('本地 1');
    await mqtt().getByTestId('mqtt-connect').click();
    await expect
      .poll(() => mqtt().getByTestId('mqtt-session-state').getAttribute('data-state'))
      .toMatch(/^(error|reconnecting|refused|closed)$/);
    await look('mqtt: connection refused');

    await mqtt().getByTestId('mqtt-disconnect').click();
    await mqtt().getByTestId('broker-use').click();
    // "Use local broker" saves a profile for it first: connect once it is the connection on screen.
    await expect.poll(() => mqtt().getByTestId('connection-title').textContent()).not.toBe('本地 1');
    await mqtt().getByTestId('mqtt-connect').click();
    await expect.poll(() => mqtt().getByTestId('mqtt-session-state').getAttribute('data-state')).toBe('connected');
    await mqtt().getByTestId('subscribe-add').click();
    await mqtt().getByTestId('subscribe-topic').fill('zh/#');
    await mqtt().getByTestId('subscribe-submit').click();
    await mqtt().getByTestId('publish-topic').fill('zh/t');
    await mqtt().getByTestId('publish-format-json').click();
    await mqtt().getByTestId('publish-payload').fill('{"t":1,');
    await look('mqtt: invalid JSON in the publish panel');
    await mqtt().getByTestId('publish-payload').fill('{"t":1}');
    await mqtt().getByTestId('publish-send').click();
    await mqtt().locator('[data-testid="log-row"][data-direction="in"]').first().click();
    await look('mqtt: local broker with a message');
    for (const tab of ['topics', 'plot']) {
      await mqtt().getByTestId(`drawer-tab-${tab}`).click();
      await look(`mqtt: drawer ${tab}`);
    }
    await mqtt().getByTestId('profiles-export').click();
    await page.getByTestId('confirm-dialog').waitFor();
    await look('dialog: export connections');
    await page.keyboard.press('Escape');
    await page.screenshot({ path: join(tmpdir(), 'qpy-zh-walk-mqtt.png') });

    const report = [...new Map(findings.map((f) => [`${f.word} @ ${f.where}`, f])).values()].map(
      (f) => `[${f.state}] "${f.word}" in ${f.where}`,
    );
    expect(report).toEqual([]);
    expect(errors).toEqual([]);
  });
});
