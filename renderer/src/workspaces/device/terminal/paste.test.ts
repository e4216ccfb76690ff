import { describe, expect, it } from 'vitest';
import { createFakeApi } from '../../../../test/fake-api';
import { fail, ok } from '../../../../../shared/result';
import { chunkText, CTRL_D, CTRL_E, pasteSequence, sendPaste } from './paste';
import { createWriteQueue } from './write-queue';
import { useDeviceStore, whenConnected } from '../connection/device-store';

describe('terminal paste', () => {
  it('types one short line as it is', () => {
    expect(pasteSequence('print(6*7)')).toEqual(['print(6*7)']);
    expect(pasteSequence('')).toEqual([]);
  });

  it('sends multi-line text through paste mode with CRLF normalised and a final newline', () => {
    expect(pasteSequence('def f():\r\n    return 1\r\nprint(f())')).toEqual([
      CTRL_E,
      'def f():\n    return 1\nprint(f())\n',
      CTRL_D,
    ]);
  });

  it('chunks large pastes and keeps every character, including Chinese and emoji', () => {
    const line = 'print("你好，模组 🚀")\n';
    const text = line.repeat(200);
    const seq = pasteSequence(text, 64);
    expect(seq[0]).toBe(CTRL_E);
    expect(seq.at(-1)).toBe(CTRL_D);
    const body = seq.slice(1, -1);
    expect(body.length).toBeGreaterThan(10);
    for (const chunk of body) expect(chunk.length).toBeLessThanOrEqual(64);
    expect(body.join('')).toBe(text);
    // No chunk may end in the middle of a surrogate pair.
    for (const chunk of body) expect(/[\ud800-\udbff]$/.test(chunk)).toBe(false);
  });

  it('uses paste mode for one long line too, and strips control characters that would end it early', () => {
    const long = 'x'.repeat(600);
    expect(pasteSequence(long, 512)).toEqual([CTRL_E, 'x'.repeat(512), `${'x'.repeat(88)}\n`, CTRL_D]);
    expect(pasteSequence('a\x04b\nc\x03')).toEqual([CTRL_E, 'ab\nc\n', CTRL_D]);
  });

  it('splits text on surrogate boundaries', () => {
    expect(chunkText('a😀b', 2)).toEqual(['a', '😀', 'b']);
  });

  it('stops at the first failed write and returns its error', async () => {
    const sent: string[] = [];
    const error = await sendPaste('a\nb\n', async (data) => {
      sent.push(data);
      return sent.length === 2 ? { ok: false as const, error: 'unplugged' } : { ok: true as const };
    });
    expect(error).toBe('unplugged');
    expect(sent).toEqual([CTRL_E, 'a\nb\n']);
  });

  it('keeps typing and pastes in order through deviceWrite, reporting failures', async () => {
    const writes: string[] = [];
    const errors: string[] = [];
    const api = createFakeApi({
      deviceWrite: async ({ data }) => {
        await new Promise((r) => setTimeout(r, data === CTRL_E ? 5 : 0));
        writes.push(data);
        return data === 'boom' ? fail('DISCONNECTED', 'The module was unplugged.') : ok(undefined);
      },
    });
    const queue = createWriteQueue(api, 'sim://ec600n', (e) => errors.push(e.code));
    void queue.type('1');
    void queue.paste('x = 1\ny = 2\n');
    void queue.type('\x03');
    void queue.type('boom');
    await queue.idle();
    expect(writes).toEqual(['1', CTRL_E, 'x = 1\ny = 2\n', CTRL_D, '\x03', 'boom']);
    expect(errors).toEqual(['DISCONNECTED']);
    expect(api.calls.every((c) => (c.request as { path: string }).path === 'sim://ec600n')).toBe(true);
  });
});

describe('terminal writes while the port is busy', () => {
  it('retries keystrokes refused with DEVICE_BUSY until the operation ends', async () => {
    let refusals = 2;
    const api = createFakeApi({
      deviceWrite: () => (refusals-- > 0 ? fail('DEVICE_BUSY', 'The port is busy with list /usr.') : ok(undefined)),
    });
    const errors: string[] = [];
    const queue = createWriteQueue(api, 'sim://a', (e) => errors.push(e.code));
    await queue.type('x');
    expect(api.calls.filter((c) => c.name === 'deviceWrite')).toHaveLength(3);
    expect(errors).toEqual([]);
  });

  it('reports DEVICE_BUSY when the port stays busy past the limit', async () => {
    const api = createFakeApi({ deviceWrite: () => fail('DEVICE_BUSY', 'The port is busy with push /usr/a.py.') });
    const errors: string[] = [];
    const queue = createWriteQueue(api, 'sim://a', (e) => errors.push(e.code), 150);
    await queue.type('x');
    expect(errors).toEqual(['DEVICE_BUSY']);
  });
});

describe('terminal writes while the connection is still being made', () => {
  it('holds keys typed at the first prompt until the session is connected, and sends them in order', async () => {
    useDeviceStore.setState({ status: 'connecting', connectedPath: 'sim://a' });
    const api = createFakeApi();
    const queue = createWriteQueue(
      api,
      'sim://a',
      () => undefined,
      150,
      () => whenConnected('sim://a'),
    );
    void queue.type('p');
    void queue.type('rint(1)\r');
    await new Promise((r) => setTimeout(r, 20));
    expect(api.calls.filter((c) => c.name === 'deviceWrite')).toHaveLength(0);
    useDeviceStore.setState({ status: 'connected' });
    await queue.idle();
    expect(api.calls.map((c) => (c.request as { data: string }).data)).toEqual(['p', 'rint(1)\r']);
  });

  it('drops them when the connection fails instead', async () => {
    useDeviceStore.setState({ status: 'connecting', connectedPath: 'sim://a' });
    const api = createFakeApi();
    const queue = createWriteQueue(
      api,
      'sim://a',
      () => undefined,
      150,
      () => whenConnected('sim://a'),
    );
    void queue.type('x');
    useDeviceStore.setState({ status: 'disconnected', connectedPath: null });
    await queue.idle();
    expect(api.calls.filter((c) => c.name === 'deviceWrite')).toHaveLength(0);
  });
});
