import type { MqttClient } from 'mqtt';
import type { Page } from 'playwright-core';

interface FloodOptions {
  ratePerSecond: number;
  seconds: number;
  /** Exact payload size in bytes. */
  payloadBytes: number;
  topicPrefix: string;
  /** Distinct topics the messages spread over. */
  topics?: number;
}

interface Flood {
  /** Resolves with the number of messages published once the last one is written to the socket. */
  done: Promise<number>;
  elapsedMs(): number;
  stop(): void;
}

/** A JSON payload of exactly `size` bytes carrying a sequence number and a reading. */
const floodPayload = (seq: number, size: number): Buffer => {
  const head = `{"seq":${seq},"t":${Date.now()},"temp":${(20 + (seq % 100) / 10).toFixed(1)},"pad":"`;
  const tail = '"}';
  return Buffer.from(head + 'x'.repeat(Math.max(0, size - head.length - tail.length)) + tail);
};

/** Publishes QoS 0 messages at a steady rate (catching up every 5 ms tick) for a number of seconds. */
export const startFlood = (client: MqttClient, options: FloodOptions): Flood => {
  const total = Math.round(options.ratePerSecond * options.seconds);
  const topics = options.topics ?? 16;
  const started = Date.now();
  let sent = 0;
  let finished = 0;
  let stopped = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  const done = new Promise<number>((resolve) => {
    const tick = () => {
      const due = stopped ? sent : Math.min(total, Math.floor(((Date.now() - started) / 1000) * options.ratePerSecond));
      while (sent < due) {
        const seq = sent++;
        const last = sent === due && (sent === total || stopped);
        client.publish(
          `${options.topicPrefix}/${seq % topics}`,
          floodPayload(seq, options.payloadBytes),
          { qos: 0 },
          last ? () => resolve(sent) : undefined,
        );
      }
      if (sent >= total || stopped) {
        clearInterval(timer);
        finished = Date.now();
        if (sent === 0) resolve(0);
      }
    };
    timer = setInterval(tick, 5);
  });
  return {
    done,
    elapsedMs: () => (finished || Date.now()) - started,
    stop: () => {
      stopped = true;
    },
  };
};

interface LogCounters {
  received: number;
  shown: number;
  evicted: number;
  matching: number;
  lost: number;
}

/** The log footer's counters, read in one go (as a string: tsx would wrap a function with helpers the page lacks). */
export const readCounters = (page: Page): Promise<LogCounters> =>
  page.evaluate(`(() => {
    const n = (id) => Number(document.querySelector('[data-testid="mqtt-workspace"] [data-testid="' + id + '"]')?.textContent?.match(/\\d+/)?.[0] ?? 0);
    return { received: n('log-received'), shown: n('log-shown'), evicted: n('log-evicted'), matching: n('log-matching'), lost: n('log-lost') };
  })()`);

/**
 * Installs the in-page probes: every rAF delta, and keystroke → next frame in the filter box. Given as a string
 * because tsx wraps functions with helpers that do not exist in the page.
 */
export const installProbes = (page: Page) =>
  page.evaluate(`(() => {
    const bench = { frames: [], echo: [], running: true };
    window.__bench = bench;
    let last = performance.now();
    const loop = (now) => {
      bench.frames.push(now - last);
      last = now;
      if (bench.running) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
    const input = document.querySelector('[data-testid="mqtt-workspace"] [data-testid="filter-text"]');
    input.addEventListener('keydown', (e) => {
      const pressed = e.timeStamp;
      const typed = () => requestAnimationFrame(() => setTimeout(() => bench.echo.push(performance.now() - pressed), 0));
      input.addEventListener('input', typed, { once: true });
    });
  })()`);

/**
 * Types two keys in the filter box (real key events: their keystroke → next frame delay is recorded by the
 * probe), then, in the page, sets a filter that matches nothing and times until the footer shows 0 matches,
 * and clears it and times until the full log is back (both include the 120 ms input debounce).
 */
export const measureFilter = async (page: Page): Promise<{ apply: number; clear: number }> => {
  const box = page.getByTestId('mqtt-workspace').getByTestId('filter-text');
  await box.click();
  await page.keyboard.type('zq', { delay: 40 });
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  return page.evaluate<{ apply: number; clear: number }>(`(async () => {
    const root = document.querySelector('[data-testid="mqtt-workspace"]');
    const input = root.querySelector('[data-testid="filter-text"]');
    const matching = () => root.querySelector('[data-testid="log-matching"]').textContent;
    const setValue = (value) => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    };
    const until = (ok) => new Promise((resolve) => { const check = () => (ok() ? resolve() : requestAnimationFrame(check)); check(); });
    await until(() => matching() !== '0');
    const t0 = performance.now();
    setValue('no-such-text-zq');
    await until(() => matching() === '0');
    const apply = performance.now() - t0;
    const t1 = performance.now();
    setValue('');
    await until(() => matching() !== '0');
    return { apply, clear: performance.now() - t1 };
  })()`);
};

/** Stops the probes and returns every frame delta and keystroke → next frame delay (ms). */
export const readProbes = (page: Page): Promise<{ frames: number[]; echo: number[] }> =>
  page.evaluate(
    '(() => { const b = window.__bench; b.running = false; return { frames: b.frames.slice(1), echo: b.echo }; })()',
  );
