import { describe, expect, it } from 'vitest';
import { fromUtf8, latin1 } from '../../electron/device/bytes';
import { ReplProtocol, type ProtocolEvent } from '../../electron/device/protocol';

const RAW_BANNER = 'raw REPL; CTRL-B to exit\r\n>';
const out = (p: ReplProtocol) => String.fromCharCode(...p.takeOutgoing());
const types = (events: ProtocolEvent[]) => events.map((e) => e.type);
const feed = (p: ReplProtocol, text: string) => p.feed(latin1(text));

const rawProtocol = () => {
  const p = new ReplProtocol();
  p.enterRaw(true);
  expect(out(p)).toBe('\x03\x03\x01');
  expect(types(feed(p, `\r\n>>> \r\nMicroPython v1.13\r\n${RAW_BANNER}`))).toEqual(['noise', 'raw-ready']);
  return p;
};

describe('ReplProtocol (sans-IO)', () => {
  it('passes friendly REPL output through and notices the prompt', () => {
    const p = new ReplProtocol();
    const events = feed(p, 'Type "help()" for more information.\r\n>>> ');
    expect(types(events)).toEqual(['terminal', 'friendly-ready']);
    expect(p.atFriendlyPrompt).toBe(true);
    feed(p, 'print(1)\r\n1\r\n');
    expect(p.atFriendlyPrompt).toBe(false);
  });

  it('enters raw REPL even when the banner arrives one byte at a time', () => {
    const p = new ReplProtocol();
    p.enterRaw(false);
    expect(out(p)).toBe('\x01');
    const events: ProtocolEvent[] = [];
    for (const ch of `junk${RAW_BANNER}`) events.push(...feed(p, ch));
    expect(types(events).filter((t) => t !== 'noise')).toEqual(['raw-ready']);
    expect(p.mode).toBe('raw');
  });

  it('reads past a late raw prompt with a marker print, so the next exec gets its own answer', () => {
    const p = rawProtocol();
    // A second Ctrl-C Ctrl-C Ctrl-A was sent after the first timed out; its prompt is still on the way.
    p.syncRaw('QPYSYNC1abc');
    const sent = out(p);
    expect(sent).toBe("print('QPYSYN'+'C1abc')\x04");
    expect(types(feed(p, RAW_BANNER))).toEqual([]);
    expect(p.mode).toBe('syncing-raw');
    expect(types(feed(p, 'OKQPYSYNC1abc\r\n\x04\x04>'))).toEqual(['noise', 'raw-ready']);
    expect(p.mode).toBe('raw');
    p.exec(latin1('print(1)'), { rawPaste: 'try' });
    expect(out(p)).toBe('\x05A\x01');
    expect(feed(p, 'R\x01\x80\x00')).toEqual([{ type: 'paste-support', supported: true, window: 128 }]);
  });

  it('without the sync, that late raw prompt is taken for a module without raw-paste', () => {
    const p = rawProtocol();
    p.exec(latin1('print(1)'), { rawPaste: 'try' });
    out(p);
    const events = feed(p, `${RAW_BANNER}R\x01\x80\x00`);
    expect(events.find((e) => e.type === 'paste-support')).toEqual({
      type: 'paste-support',
      supported: false,
      window: 0,
    });
  });

  it('runs code with raw-paste: window flow control, stdout and stderr separated', () => {
    const p = rawProtocol();
    const code = latin1('x'.repeat(300));
    p.exec(code, { rawPaste: 'try' });
    expect(out(p)).toBe('\x05A\x01');
    // R\x01, window 128 (little-endian), then \x01 = one more window free
    const events = feed(p, 'R\x01\x80\x00');
    expect(events).toEqual([{ type: 'paste-support', supported: true, window: 128 }]);
    expect(out(p)).toBe('x'.repeat(128));
    expect(out(p)).toBe('');
    feed(p, '\x01');
    expect(out(p)).toBe('x'.repeat(128));
    feed(p, '\x01');
    expect(out(p)).toBe('x'.repeat(44) + '\x04');
    expect(types(feed(p, '\x04'))).toEqual(['exec-started']);
    const done = feed(p, 'hello\r\n\x04Traceback\r\n\x04>');
    expect(types(done)).toEqual(['stdout', 'stderr', 'exec-done']);
    const last = done[2] as Extract<ProtocolEvent, { type: 'exec-done' }>;
    expect(fromUtf8(last.stdout)).toBe('hello\r\n');
    expect(fromUtf8(last.stderr)).toBe('Traceback\r\n');
    expect(p.mode).toBe('raw');
  });

  it('falls back to plain raw REPL when the module answers R\\x00', () => {
    const p = rawProtocol();
    p.exec(latin1('print(1)'), { rawPaste: 'try' });
    expect(out(p)).toBe('\x05A\x01');
    expect(types(feed(p, 'R\x00'))).toEqual(['paste-support']);
    expect(out(p)).toBe('print(1)\x04');
    expect(types(feed(p, '>OK1\r\n\x04\x04>'))).toEqual(['exec-started', 'stdout', 'exec-done']);
  });

  it('streams all output but keeps only the last keepBytes of it for the result', () => {
    const p = rawProtocol();
    p.exec(latin1('x'), { rawPaste: 'no', keepBytes: 5 });
    out(p);
    const events = [...feed(p, 'OKabc'), ...feed(p, 'defgh\x04'), ...feed(p, 'err\x04>')];
    const streamed = events.filter((e) => e.type === 'stdout').map((e) => fromUtf8(e.data));
    expect(streamed.join('')).toBe('abcdefgh');
    expect(events.at(-1)).toMatchObject({ type: 'exec-done', dropped: 3 });
    const done = events.at(-1) as Extract<ProtocolEvent, { type: 'exec-done' }>;
    expect(fromUtf8(done.stdout)).toBe('defgh');
    expect(fromUtf8(done.stderr)).toBe('err');
  });

  it('falls back when old firmware just resets the raw REPL on the probe', () => {
    const p = rawProtocol();
    p.exec(latin1('pass'), { rawPaste: 'try' });
    out(p);
    const events = feed(p, RAW_BANNER);
    expect(events.find((e) => e.type === 'paste-support')).toEqual({
      type: 'paste-support',
      supported: false,
      window: 0,
    });
    expect(out(p)).toBe('pass\x04');
    expect(types(feed(p, 'OK\x04\x04>'))).toEqual(['exec-started', 'exec-done']);
  });

  it('acknowledges a raw-paste ended early by the module (e.g. a syntax error)', () => {
    const p = rawProtocol();
    p.exec(latin1('y'.repeat(500)), { rawPaste: 'try' });
    out(p);
    feed(p, 'R\x01\x80\x00');
    out(p);
    expect(types(feed(p, '\x04'))).toEqual(['exec-started']);
    expect(out(p)).toBe('\x04');
    const done = feed(p, '\x04SyntaxError: invalid syntax\r\n\x04>');
    expect(types(done)).toEqual(['stderr', 'exec-done']);
  });

  it('stops feeding a raw-paste on interrupt and lets the module finish', () => {
    const p = rawProtocol();
    p.exec(latin1('z'.repeat(1000)), { rawPaste: 'try' });
    out(p);
    feed(p, 'R\x01\x80\x00');
    expect(out(p)).toHaveLength(128);
    p.interrupt();
    feed(p, '\x01');
    expect(out(p)).toBe('\x03');
    expect(types(feed(p, '\x04'))).toEqual(['exec-started']);
    // The Ctrl-C ended the paste (mp_reader_stdin_readbyte); a Ctrl-D now would reach the raw prompt and reboot it.
    expect(out(p)).toBe('');
    expect(types(feed(p, '\x04KeyboardInterrupt: \r\n\x04>'))).toEqual(['stderr', 'exec-done']);
    expect(p.mode).toBe('raw');
  });

  it('an interrupt before the module accepts the raw-paste sends none of the code', () => {
    const p = rawProtocol();
    p.exec(latin1('z'.repeat(1000)), { rawPaste: 'try' });
    expect(out(p)).toBe('\x05A\x01');
    p.interrupt();
    expect(out(p)).toBe('\x03');
    feed(p, 'R\x01\x80\x00\x01');
    expect(out(p)).toBe('');
    expect(types(feed(p, '\x04'))).toEqual(['exec-started']);
    expect(out(p)).toBe('');
    expect(types(feed(p, '\x04KeyboardInterrupt: \r\n\x04>'))).toEqual(['stderr', 'exec-done']);
  });

  it('reports an unexpected answer to plain raw code as a protocol error', () => {
    const p = rawProtocol();
    p.exec(latin1('pass'), { rawPaste: 'no' });
    expect(out(p)).toBe('pass\x04');
    const events = feed(p, 'XY');
    expect(events[0]?.type).toBe('protocol-error');
  });

  it('exits raw REPL and waits for the friendly prompt', () => {
    const p = rawProtocol();
    p.exitRaw();
    expect(out(p)).toBe('\x02');
    expect(
      types(
        feed(p, '\r\nMicroPython v1.13 on 2021; EC600N with QuecPython\r\nType "help()" for more information.\r\n>>> '),
      ),
    ).toEqual(['noise', 'friendly-ready']);
    expect(p.mode).toBe('friendly');
    expect(p.atFriendlyPrompt).toBe(true);
  });

  it('soft reset forwards the boot output and notices the reboot and the prompt', () => {
    const p = new ReplProtocol();
    p.softReset();
    expect(out(p)).toBe('\x03\x04');
    expect(types(feed(p, '\r\n>>> '))).toEqual(['terminal']);
    const events = feed(p, '\r\nMPY: soft reboot\r\nhello from main\r\nMicroPython v1.13\r\n>>> ');
    expect(types(events)).toEqual(['terminal', 'soft-reboot', 'friendly-ready']);
  });

  it('keeps bytes that arrive together with the end of a wait', () => {
    const p = rawProtocol();
    p.exec(latin1('print(2)'), { rawPaste: 'no' });
    out(p);
    const events = feed(p, 'OK2\r\n\x04\x04>');
    expect(types(events)).toEqual(['exec-started', 'stdout', 'exec-done']);
  });
});
