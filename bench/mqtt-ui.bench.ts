/**
 * MQTT console under load, in Chromium (browser mode): an MQTT.js publisher floods the app's embedded broker
 * (default 20,000 msg/s of 200-byte QoS 0 messages for 60 s) while the message log is on screen. Measures the
 * page's frame times (requestAnimationFrame deltas), filter typing latency, peak JS heap, and checks that
 * received = shown + evicted and that every published message reached the page.
 *
 *   npx tsx bench/mqtt-ui.bench.ts [--seconds 60] [--rate 20000] [--size 200]
 */
import { loadavg } from 'node:os';
import mqtt, { type MqttClient } from 'mqtt';
import { launchBrowser, openPage, startApp } from '../e2e/harness';
import { installProbes, measureFilter, readCounters, readProbes, startFlood } from '../e2e/mqtt-flood';
import { writeBenchmarkSection } from './report';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
};

const SECONDS = arg('seconds', 60);
const RATE = arg('rate', 20_000);
const SIZE = arg('size', 200);
const P95_LIMIT_MS = 50;
const HEAP_LIMIT_MB = 400;

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const connectPublisher = (port: number): Promise<MqttClient> =>
  new Promise((resolve, reject) => {
    const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
      clientId: `bench-pub-${process.pid}`,
      reconnectPeriod: 0,
    });
    client.once('connect', () => resolve(client));
    client.once('error', reject);
  });

const main = async () => {
  const app = await startApp();
  const browser = await launchBrowser();
  let publisher: MqttClient | undefined;
  try {
    const { page, errors } = await openPage(browser, app.url, 'en-US');
    const ws = page.getByTestId('mqtt-workspace');
    await page.getByTestId('nav-mqtt').click();
    await ws.locator('[data-testid="broker-card"][data-state="running"]').waitFor({ timeout: 20_000 });
    const port = Number(await ws.getByTestId('broker-card').getAttribute('data-port'));
    await ws.getByTestId('broker-use').click();
    await ws.getByTestId('mqtt-connect').click();
    await ws.locator('[data-testid="mqtt-session-state"][data-state="connected"]').waitFor();
    await ws.getByTestId('subscribe-add').click();
    await ws.getByTestId('subscribe-topic').fill('bench/#');
    await ws.getByTestId('subscribe-submit').click();
    await ws.locator('[data-testid="subscription-chip"][data-topic="bench/#"]').waitFor();
    publisher = await connectPublisher(port);
    await installProbes(page);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');

    console.log(`Flooding ${RATE} msg/s × ${SIZE} B for ${SECONDS} s into ${app.url} (broker port ${port})…`);
    const flood = startFlood(publisher, {
      ratePerSecond: RATE,
      seconds: SECONDS,
      payloadBytes: SIZE,
      topicPrefix: 'bench',
    });
    let peakHeap = 0;
    const samples: Array<{ t: number; received: number }> = [];
    const filterRuns: Array<{ apply: number; clear: number }> = [];
    let finished = false;
    void flood.done.then(() => (finished = true));
    let nextFilter = Date.now() + 5_000;
    while (!finished) {
      await new Promise((r) => setTimeout(r, 1_000));
      const { metrics } = (await cdp.send('Performance.getMetrics')) as {
        metrics: Array<{ name: string; value: number }>;
      };
      peakHeap = Math.max(peakHeap, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
      const c = await readCounters(page);
      samples.push({ t: flood.elapsedMs(), received: c.received });
      if (Date.now() >= nextFilter && !finished) {
        filterRuns.push(await measureFilter(page));
        nextFilter = Date.now() + 10_000;
      }
    }
    const published = await flood.done;
    const publishMs = flood.elapsedMs();
    const drainStarted = Date.now();
    let counters = await readCounters(page);
    while (counters.received < published && Date.now() - drainStarted < 60_000) {
      await new Promise((r) => setTimeout(r, 250));
      counters = await readCounters(page);
    }
    const drainMs = Date.now() - drainStarted;
    const { frames, echo } = await readProbes(page);
    const { metrics } = (await cdp.send('Performance.getMetrics')) as {
      metrics: Array<{ name: string; value: number }>;
    };
    peakHeap = Math.max(peakHeap, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);

    const sorted = [...frames].sort((a, b) => a - b);
    const p95 = percentile(sorted, 95);
    const echoSorted = [...echo].sort((a, b) => a - b);
    const applies = filterRuns.map((r) => r.apply).sort((a, b) => a - b);
    const clears = filterRuns.map((r) => r.clear).sort((a, b) => a - b);
    const heapMb = peakHeap / 2 ** 20;
    const invariant = counters.received === counters.shown + counters.evicted;
    const complete = counters.received === published && counters.lost === 0;
    const checks = [
      [`p95 frame time < ${P95_LIMIT_MS} ms`, p95 < P95_LIMIT_MS],
      ['received = shown + evicted', invariant],
      ['every published message received (none lost)', complete],
      [`peak JS heap < ${HEAP_LIMIT_MB} MB`, heapMb < HEAP_LIMIT_MB],
      ['no page errors', errors.length === 0],
    ] as const;
    const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');

    const body = `
\`npx tsx bench/mqtt-ui.bench.ts --seconds ${SECONDS}\`: an MQTT.js client publishes ${RATE.toLocaleString('en')} msg/s of ${SIZE}-byte
QoS 0 messages for ${SECONDS} s to the app's embedded broker; the app (browser mode, Debian Chromium, headless) is
subscribed to them with the message log on screen (ring buffer: 50,000 messages / 64 MB; under a flood the log
redraws at most every 200 ms, otherwise once per animation frame).

| measure | value |
|---|---|
| published | ${published.toLocaleString('en')} in ${(publishMs / 1000).toFixed(1)} s (${Math.round(published / (publishMs / 1000)).toLocaleString('en')} msg/s) |
| received by the page | ${counters.received.toLocaleString('en')} (last one ${(drainMs / 1000).toFixed(1)} s after the publisher finished) |
| shown + evicted | ${counters.shown.toLocaleString('en')} + ${counters.evicted.toLocaleString('en')} = ${(counters.shown + counters.evicted).toLocaleString('en')} |
| lost | ${counters.lost} |
| frame time (rAF delta) p50 / p95 / p99 / max | ${fmt(percentile(sorted, 50))} / ${fmt(p95)} / ${fmt(percentile(sorted, 99))} / ${fmt(sorted.at(-1) ?? NaN)} ms over ${frames.length.toLocaleString('en')} frames |
| frames over 50 ms | ${frames.filter((f) => f > 50).length} |
| keystroke → next frame in the filter box p50 / max | ${fmt(percentile(echoSorted, 50))} / ${fmt(echoSorted.at(-1) ?? NaN)} ms (${echo.length} keys) |
| filter typed → log filtered (incl. 120 ms debounce) p50 / max | ${fmt(percentile(applies, 50))} / ${fmt(applies.at(-1) ?? NaN)} ms (${applies.length} runs) |
| filter cleared → full log back p50 / max | ${fmt(percentile(clears, 50))} / ${fmt(clears.at(-1) ?? NaN)} ms |
| peak JS heap (CDP JSHeapUsedSize) | ${heapMb.toFixed(1)} MB |

Load average during the run (other work on the machine shares its cores): ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}.

Checks: ${checks.map(([name, ok]) => `${ok ? '✔' : '✘'} ${name}`).join('; ')}.
`;
    console.log(body);
    console.log(
      'received over time (s → count):',
      samples.map((s) => `${(s.t / 1000).toFixed(0)}→${s.received}`).join(' '),
    );
    if (errors.length) console.log('page errors:', errors);
    await writeBenchmarkSection('MQTT console UI under load (browser)', body);
    if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
  } finally {
    publisher?.end(true);
    await browser.close();
    await app.stop();
  }
};

await main();
