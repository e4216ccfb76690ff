import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCredentials } from '../shared/cloud';
import { launchBrowser, openPage, screenshotDir, startApp, type RunningApp } from './harness';
import { installProbes, measureFilter, readCounters, readProbes, startFlood } from './mqtt-flood';

/** Reads a footer counter (data-testid) as a number. */
const counter = async (page: Page, id: string) =>
  Number((await page.getByTestId('mqtt-workspace').getByTestId(id).textContent()) ?? 'NaN');

const connectPublisher = (port: number): Promise<MqttClient> =>
  new Promise((resolve, reject) => {
    const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, { clientId: `e2e-pub-${process.pid}`, reconnectPeriod: 0 });
    client.once('connect', () => resolve(client));
    client.once('error', reject);
  });

describe('MQTT console against the embedded broker (browser mode)', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let brokerPort: number;
  let publisher: MqttClient | undefined;
  const ws = () => page.getByTestId('mqtt-workspace');

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser, app.url, 'en-US'));
    await page.getByTestId('nav-mqtt').click();
    await ws().locator('[data-testid="broker-card"][data-state="running"]').waitFor();
    brokerPort = Number(await ws().getByTestId('broker-card').getAttribute('data-port'));
  });

  afterAll(async () => {
    publisher?.end(true);
    await browser?.close();
    await app?.stop();
  });

  it('creates a profile, connects, subscribes, publishes JSON and sees uplink and downlink; filters; exports', async () => {
    expect(brokerPort).toBeGreaterThan(0);
    await ws().getByTestId('profile-new').click();
    await ws().getByTestId('form-name').fill('E2E local');
    await ws().getByTestId('form-host').fill('127.0.0.1');
    await ws().getByTestId('form-port').fill(String(brokerPort));
    await ws().getByTestId('form-save').click();
    await expect.poll(() => ws().getByTestId('connection-title').textContent()).toBe('E2E local');

    await ws().getByTestId('mqtt-connect').click();
    await expect.poll(() => ws().getByTestId('mqtt-session-state').getAttribute('data-state')).toBe('connected');

    await ws().getByTestId('subscribe-add').click();
    await ws().getByTestId('subscribe-topic').fill('demo/#');
    await ws().getByTestId('subscribe-submit').click();
    await ws().locator('[data-testid="subscription-chip"][data-topic="demo/#"]').waitFor();

    await ws().getByTestId('publish-topic').fill('demo/x');
    await ws().getByTestId('publish-format-json').click();
    await ws().getByTestId('publish-payload').fill('{"temp":21.5,"unit":"C","ok":true}');
    await ws().getByTestId('publish-prettify').click();
    await ws().getByTestId('publish-send').click();

    const rows = ws().getByTestId('log-row');
    await expect.poll(() => rows.count()).toBe(2);
    const up = ws().locator('[data-testid="log-row"][data-direction="out"]');
    const down = ws().locator('[data-testid="log-row"][data-direction="in"]');
    expect(await up.getByTestId('log-row-dir').textContent()).toBe('↑');
    expect(await down.getByTestId('log-row-dir').textContent()).toBe('↓');
    expect(await down.getAttribute('data-topic')).toBe('demo/x');
    expect(await up.evaluate((el) => getComputedStyle(el.querySelector('.mqtt-dir')!).color)).not.toBe(
      await down.evaluate((el) => getComputedStyle(el.querySelector('.mqtt-dir')!).color),
    );
    expect(await counter(page, 'log-received')).toBe(2);

    await down.click();
    const detail = ws().getByTestId('detail-payload');
    expect(await detail.getAttribute('data-format')).toBe('json');
    expect(await detail.textContent()).toBe('{\n  "temp": 21.5,\n  "unit": "C",\n  "ok": true\n}');
    await ws().getByTestId('detail-tree').click();
    await ws().getByTestId('json-tree').waitFor();

    await ws().getByTestId('filter-topic').fill('other/#');
    await expect.poll(() => counter(page, 'log-matching')).toBe(0);
    await ws().getByTestId('filter-topic').fill('demo/+');
    await expect.poll(() => counter(page, 'log-matching')).toBe(2);
    await ws().getByTestId('filter-direction-in').click();
    await expect.poll(() => rows.count()).toBe(1);

    const [jsonl] = await Promise.all([page.waitForEvent('download'), ws().getByTestId('log-export-jsonl').click()]);
    const lines = (await readFile((await jsonl.path())!, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      direction: 'downlink',
      topic: 'demo/x',
      qos: 0,
      payload: expect.stringContaining('"temp": 21.5'),
    });

    await ws().getByTestId('filter-direction-all').click();
    const [csv] = await Promise.all([page.waitForEvent('download'), ws().getByTestId('log-export-csv').click()]);
    const csvLines = (await readFile((await csv.path())!, 'utf8')).trim().split('\r\n');
    expect(csvLines[0]).toBe('id,time,direction,topic,qos,retain,size,truncated,payload,payload_encoding');
    expect(csvLines.slice(1).map((l) => l.split(',')[2])).toEqual(['uplink', 'downlink']);
    await ws().getByTestId('filter-topic').fill('');
    expect(errors).toEqual([]);
  });

  it('shows real traffic in both languages (screenshots)', async () => {
    publisher = await connectPublisher(brokerPort);
    await ws().getByTestId('subscribe-add').click();
    await ws().getByTestId('subscribe-topic').fill('devices/+/telemetry');
    await ws().getByTestId('subscribe-submit').click();
    await ws().locator('[data-testid="subscription-chip"][data-topic="devices/+/telemetry"]').waitFor();
    const base = Date.now();
    for (let i = 0; i < 24; i++) {
      const device = `ec600n-${(i % 3) + 1}`;
      const payload = {
        ts: base + i * 1000,
        temp: +(21 + Math.sin(i / 3) * 2).toFixed(2),
        hum: 40 + (i % 7),
        rssi: -60 - (i % 9),
        csq: 20 + (i % 5),
      };
      publisher.publish(`devices/${device}/telemetry`, JSON.stringify(payload), { qos: 1 });
      // Not retained: aedes 1.2 drops the live copy of a retained message sent right after the publisher connects.
      if (i % 6 === 0) publisher.publish('demo/status', i % 12 === 0 ? 'ONLINE' : 'heartbeat', { qos: 0 });
      if (i % 8 === 0) publisher.publish('demo/raw', Buffer.from([0x7e, 0x01, 0x02, 0xa0, 0xff, 0x00, 0x10, 0x7e]));
    }
    await ws().getByTestId('publish-topic').fill('devices/ec600n-1/cmd');
    await ws().getByTestId('publish-payload').fill('{"cmd":"set_interval","seconds":30}');
    await ws().getByTestId('publish-send').click();
    await expect.poll(() => counter(page, 'log-received')).toBeGreaterThanOrEqual(2 + 24 + 4 + 3 + 1);
    await ws().locator('[data-testid="log-row"][data-topic="devices/ec600n-2/telemetry"]').last().click();
    await ws().getByTestId('detail-pretty').click();

    await page.screenshot({ path: join(screenshotDir, 'mqtt-en.png') });
    await page.getByTestId('language-select').selectOption('zh');
    await expect.poll(() => page.getByTestId('nav-mqtt').textContent()).toContain('MQTT 控制台');
    await page.screenshot({ path: join(screenshotDir, 'mqtt-zh.png') });
    await page.getByTestId('language-select').selectOption('en');
    expect(errors).toEqual([]);
  });

  it('shows a 1.5 MB payload truncated and saves it whole; topic tree and numeric plot', async () => {
    publisher ??= await connectPublisher(brokerPort);
    const big = Buffer.alloc(1_500_000, 0x41);
    big.write('{"big":"', 0);
    publisher.publish('demo/big', big, { qos: 1 });
    const row = ws().locator('[data-testid="log-row"][data-topic="demo/big"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('[truncated]');
    await row.click();
    await ws().getByTestId('detail-truncated').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), ws().getByTestId('detail-save-full').click()]);
    const saved = await readFile((await download.path())!);
    expect(saved.length).toBe(big.length);
    expect(saved.equals(big)).toBe(true);

    await ws().getByTestId('drawer-tab-topics').click();
    await ws().locator('[data-testid="topic-node"][data-path="devices"]').waitFor();
    await ws().getByTestId('drawer-tab-plot').click();
    await ws().getByTestId('plot-topic').selectOption('devices/ec600n-1/telemetry');
    await ws().getByTestId('plot-field').selectOption('temp');
    await ws().locator('[data-testid="numeric-plot"] canvas').waitFor();
    await ws().getByTestId('drawer-tab-detail').click();
    expect(errors).toEqual([]);
  });

  it('keeps up with ~20,000 msg/s of 200-byte messages for ~5 s: nothing lost, page responsive', async () => {
    publisher ??= await connectPublisher(brokerPort);
    await ws().getByTestId('log-clear').click();
    await ws().getByTestId('subscribe-add').click();
    await ws().getByTestId('subscribe-topic').fill('rate/#');
    await ws().getByTestId('subscribe-submit').click();
    await ws().locator('[data-testid="subscription-chip"][data-topic="rate/#"]').waitFor();
    await expect.poll(() => counter(page, 'log-received')).toBe(0);

    await installProbes(page);
    const flood = startFlood(publisher, { ratePerSecond: 20_000, seconds: 5, payloadBytes: 200, topicPrefix: 'rate' });
    // While the flood runs: type in the filter box (keystroke → next frame is timed in the page), then time a
    // filter that matches nothing until the footer shows it, and its removal.
    await new Promise((r) => setTimeout(r, 1_500));
    const filter = await measureFilter(page);
    const published = await flood.done;
    await expect.poll(() => counter(page, 'log-received')).toBe(published);
    const c = await readCounters(page);
    const { frames, echo } = await readProbes(page);
    const slowest = (list: number[]) => Math.round(Math.max(...list));
    console.log(
      `rate test: published ${published} in ${flood.elapsedMs()} ms; UI ${JSON.stringify(c)}; keystroke→frame max ${slowest(echo)} ms; ` +
        `filter apply ${Math.round(filter.apply)} ms, clear ${Math.round(filter.clear)} ms; longest frame ${slowest(frames)} ms`,
    );
    expect(c.received).toBe(c.shown + c.evicted);
    expect(c.received).toBe(published);
    expect(c.lost).toBe(0);
    expect(published).toBeGreaterThan(90_000);
    // Generous bounds (the machine may be busy): the real figures belong in bench/mqtt-ui.bench.ts.
    expect(echo.length).toBe(4);
    expect(slowest(echo)).toBeLessThan(2_000);
    expect(filter.apply).toBeLessThan(5_000);
    expect(filter.clear).toBeLessThan(5_000);
    expect(errors).toEqual([]);
  });
});

describe('MQTT console as the emulated cloud (browser mode)', () => {
  const FIELDS = {
    productId: '469948',
    deviceName: 'Chic_D',
    accessKey: 'rs2FaE5BuygJZkWKDA5okKt1RFpwOx53hbu6hwyCS4U=',
  };
  const BASE = '$sys/469948/Chic_D';
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const clients: MqttClient[] = [];
  const ws = () => page.getByTestId('mqtt-workspace');
  const cloudWs = () => page.locator('.cloud-workspace');

  /** A client on the emulated cloud, as the module would connect; resolves on CONNACK or the refusal. */
  const deviceClient = (port: number, password: string): Promise<{ client: MqttClient; refused?: number }> =>
    new Promise((resolve, reject) => {
      const c = computeCredentials('onenet', FIELDS, Date.now());
      const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
        clientId: c.clientId,
        username: c.username,
        password: password || c.password,
        reconnectPeriod: 0,
      });
      clients.push(client);
      client.once('connect', () => resolve({ client }));
      client.once('error', (e: Error & { code?: number }) =>
        typeof e.code === 'number' ? resolve({ client, refused: e.code }) : reject(e),
      );
    });

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser, app.url, 'en-US'));
  });

  afterAll(async () => {
    for (const c of clients) c.end(true);
    await browser?.close();
    await app?.stop();
  });

  it('watches uplinks, replies and downlinks as the cloud, warns of the device client id, names refusals', async () => {
    // The embedded broker plays OneNET for the guide's device.
    await page.getByTestId('nav-cloud').click();
    await cloudWs().getByTestId('cloud-onenet').click();
    await cloudWs().getByTestId('fill-example').click();
    await cloudWs().getByTestId('compute').click();
    await cloudWs().getByTestId('emulator-switch').click();
    await cloudWs().getByTestId('emulator-banner').waitFor();
    const port = Number(await cloudWs().getByTestId('value-port').textContent());
    expect(port).toBeGreaterThan(0);

    // The module (here an MQTT.js client with a fresh token) is online as Chic_D.
    const { client: module } = await deviceClient(port, '');
    const received: Array<{ topic: string; payload: string }> = [];
    module.on('message', (topic, payload) => received.push({ topic, payload: payload.toString() }));
    await module.subscribeAsync(`${BASE}/cmd/request/+`);

    // "Open in MQTT console" asks how; "as the device" warns that the module holds the client id.
    await cloudWs().getByTestId('open-in-mqtt').click();
    await ws().getByTestId('connect-choice').waitFor();
    await ws().getByTestId('connect-choice-device').click();
    const warning = ws().getByTestId('clientid-warning');
    await warning.waitFor();
    expect(await warning.locator('[data-testid="clientid-conflict"][data-kind="broker"]').count()).toBe(1);
    await warning.getByRole('button', { name: 'Watch as the cloud (observer)' }).click();
    await expect.poll(() => ws().getByTestId('mqtt-session-state').getAttribute('data-state')).toBe('connected');
    expect(await ws().getByTestId('mqtt-disconnect').textContent()).toBe('Stop watching');

    // An uplink and the cloud's reply appear in the trace.
    await module.publishAsync(`${BASE}/dp/post/json`, JSON.stringify({ id: 7, dp: { temp: [{ v: 22.5 }] } }));
    await ws().locator('[data-testid="log-row-trace"][data-kind="uplink"]', { hasText: 'Chic_D' }).waitFor();
    await ws().locator('[data-testid="log-row-trace"][data-kind="reply"]').waitFor();

    // A downlink as the cloud reaches the module; one to a topic the device may not receive is dropped and said so.
    await ws().getByTestId('publish-topic').fill(`${BASE}/cmd/request/e2e-1`);
    await ws().getByTestId('publish-payload').fill('{"led":"on"}');
    await ws().getByTestId('publish-send').click();
    await expect.poll(() => received.map((m) => m.payload)).toEqual(['{"led":"on"}']);
    await ws().locator('[data-testid="log-row-trace"][data-kind="downlink"]').first().waitFor();
    await ws().getByTestId('publish-topic').fill(`${BASE}/dp/post/json`);
    await ws().getByTestId('publish-send').click();
    await expect
      .poll(() => ws().getByTestId('publish-panel').getByRole('alert').textContent())
      .toContain('dropped: topic not allowed for device');
    await ws().getByTestId('log-row-verdict').filter({ hasText: 'dropped: topic not allowed for device' }).waitFor();
    expect(received).toHaveLength(1);

    // A client with a wrong token is refused; the trace says so.
    const bad = await deviceClient(
      port,
      'version=2018-10-31&res=products%2F469948%2Fdevices%2FChic_D&et=1&method=sha1&sign=x',
    );
    expect(bad.refused).toBe(4);
    await ws().locator('[data-testid="log-row-trace"][data-kind="connect.refused"]').waitFor();
    await ws().locator('[data-testid="log-row-trace"][data-kind="uplink"]').first().click();
    await page.screenshot({ path: join(screenshotDir, 'mqtt-observer-en.png') });
    await page.getByTestId('language-select').selectOption('zh');
    await expect.poll(() => ws().getByTestId('mqtt-disconnect').textContent()).toBe('停止旁观');
    await page.screenshot({ path: join(screenshotDir, 'mqtt-observer-zh.png') });
    await page.getByTestId('language-select').selectOption('en');

    // As the device, with the wizard's (expired) guide token: the refusal names the emulator's reason.
    await ws().getByTestId('mqtt-disconnect').click();
    module.end(true);
    await expect.poll(() => ws().getByTestId('mqtt-session-state').getAttribute('data-state')).toBe('disconnected');
    await ws().getByTestId('mqtt-connect').click();
    await expect.poll(() => ws().getByTestId('mqtt-session-state').getAttribute('data-state')).toBe('refused');
    expect(await ws().getByTestId('refusal-cause').textContent()).toMatch(
      /^The emulated cloud says: token expired at 2023-/,
    );
    const header = ws().locator('.mqtt-main-header');
    for (const button of await header.locator('button').all()) {
      const box = (await button.boundingBox())!;
      expect(box.height).toBeLessThan(40);
    }
    await page.screenshot({ path: join(tmpdir(), 'qpy-mqtt-refused-en.png') });
    expect(errors).toEqual([]);
  });
});
