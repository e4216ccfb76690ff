import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../api/context';
import { flag, persisted } from '../../../stores/persisted';
import { useConnectedPath, useDeviceStore, whenConnected } from '../connection/device-store';
import { downloadBytes, timestampedName } from '../files/download';
import { registerTerminalWriter } from './terminal-bus';
import { PASTE_CHUNK_CHARS } from './paste';
import { screenSettled } from './screen-input';
import { createLineStamper } from './timestamps';
import { createUnicodeLine, hasNonAscii, type LineAction, type TypeResult } from './unicode-line';
import { BUSY_RETRY_MS, createWriteQueue } from './write-queue';

const SCROLLBACK_LINES = 5000;

const timestampsChoice = persisted('qpy.device.timestamps', false, flag);

const cssVar = (name: string, fallback: string): string =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

const terminalTheme = () => ({
  background: cssVar('--term-bg', '#ffffff'),
  foreground: cssVar('--term-fg', '#1c2430'),
  cursor: cssVar('--accent', '#1f6feb'),
  selectionBackground: cssVar('--term-selection', '#b6d2ff'),
});

interface TerminalPanelProps {
  onRunCurrent(): void;
  canRun: boolean;
}

/** The module's REPL: bytes go straight from 'device.terminal' events into xterm, never through React state. */
export const TerminalPanel = ({ onRunCurrent, canRun }: TerminalPanelProps) => {
  const { t } = useTranslation('device');
  const api = useApi();
  const path = useConnectedPath();
  const hostRef = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | null>(null);
  const searchRef = useRef<SearchAddon | null>(null);
  const queueRef = useRef<ReturnType<typeof createWriteQueue> | null>(null);
  const stampsRef = useRef(false);
  const stamperRef = useRef(createLineStamper());
  const unicodeLineRef = useRef(createUnicodeLine());
  const [timestamps, setTimestamps] = useState(() => timestampsChoice.read());
  const [searchOpen, setSearchOpen] = useState(false);
  const [query, setQuery] = useState('');

  stampsRef.current = timestamps;

  // From the moment the port opens: the prompt shows while still connecting, and keys typed at it wait for the
  // connection instead of being lost.
  const openPath = useDeviceStore((s) => s.connectedPath);
  useEffect(() => {
    queueRef.current = openPath
      ? createWriteQueue(
          api,
          openPath,
          (error) => useDeviceStore.getState().report(error),
          BUSY_RETRY_MS,
          () => whenConnected(openPath),
        )
      : null;
    unicodeLineRef.current.reset();
  }, [api, openPath]);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const term = new Terminal({
      scrollback: SCROLLBACK_LINES,
      fontFamily: cssVar('--mono', 'monospace'),
      fontSize: 13,
      cursorBlink: true,
      convertEol: false,
      theme: terminalTheme(),
    });
    const fit = new FitAddon();
    const search = new SearchAddon();
    term.loadAddon(fit);
    term.loadAddon(search);
    term.open(host);
    termRef.current = term;
    searchRef.current = search;
    const refit = () => {
      try {
        if (host.clientWidth > 0 && host.clientHeight > 0) fit.fit();
      } catch {
        // Not laid out yet (hidden workspace); the next resize fits it.
      }
    };
    refit();
    const resize = new ResizeObserver(refit);
    resize.observe(host);
    const themeWatch = new MutationObserver(() => (term.options.theme = terminalTheme()));
    themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });

    const copySelection = () => {
      const text = term.getSelection();
      if (text) void navigator.clipboard?.writeText(text).catch(() => undefined);
    };
    term.attachCustomKeyEventHandler((event) => {
      if (event.type !== 'keydown') return true;
      const key = event.key.toLowerCase();
      const mod = event.ctrlKey || event.metaKey;
      // Ctrl-C copies when there is a selection (as in Windows Terminal), otherwise it interrupts the module.
      if (mod && key === 'c' && (event.shiftKey || term.hasSelection())) {
        copySelection();
        event.preventDefault();
        return false;
      }
      // Let the browser fire its paste event; our handler sends it through paste mode.
      if (mod && key === 'v') return false;
      if (mod && key === 'f' && event.shiftKey) {
        setSearchOpen(true);
        return false;
      }
      return true;
    });
    const perform = (action: LineAction) => {
      const queue = queueRef.current;
      if (action.echo) term.write(action.echo);
      if (!queue) return;
      for (const keys of action.type) void queue.type(keys);
      if (action.paste !== null) void queue.pasteMode(action.paste);
    };
    const handle = (result: TypeResult, data: string) => {
      const queue = queueRef.current;
      if (!queue) return;
      if (result.kind === 'raw') void queue.type(data);
      else if (result.kind === 'edit') perform(result);
      else if (result.kind === 'wait') {
        // Read the module's line only once it has echoed every key sent before this one.
        void queue
          .idle()
          .then(() => screenSettled(term, api, result.expected))
          .then((screen) => {
            const resumed = unicodeLineRef.current.resume(screen, term.cols);
            if (resumed.kind === 'edit') perform(resumed);
            else if (resumed.data) void queueRef.current?.type(resumed.data);
          });
      }
    };
    const dataSub = term.onData((data) => {
      if (!queueRef.current) return;
      handle(unicodeLineRef.current.type(data, term.cols), data);
    });
    const onPaste = (event: ClipboardEvent) => {
      event.preventDefault();
      event.stopPropagation();
      const text = event.clipboardData?.getData('text/plain') ?? '';
      if (!text || !queueRef.current) return;
      const line = text.replace(/[\r\n]+$/, '');
      const unicode = unicodeLineRef.current;
      if (/[\r\n]/.test(line) || line.length > PASTE_CHUNK_CHARS) {
        const action = unicode.pasteBlock(text);
        if (action) perform(action);
        else void queueRef.current.paste(text);
        return;
      }
      // A one-line paste lands at the prompt to be edited; with non-ASCII in it, it is edited here.
      if (unicode.active || hasNonAscii(line)) handle(unicode.type(line, term.cols), line);
      else void queueRef.current.paste(text);
    };
    host.addEventListener('paste', onPaste, true);

    const write = (data: string | Uint8Array) => {
      if (stampsRef.current)
        term.write(stamperRef.current(typeof data === 'string' ? new TextEncoder().encode(data) : data));
      else term.write(data);
    };
    registerTerminalWriter(write);
    const off = api.on('device.terminal', (frame) => {
      // Frames are shown from the moment the port opens (the prompt arrives while still 'connecting'): read the
      // store now, not a value a later render would copy, or a prompt arriving first is lost on a busy machine.
      if (frame.path === useDeviceStore.getState().connectedPath) write(frame.data);
    });
    return () => {
      off();
      registerTerminalWriter(null);
      host.removeEventListener('paste', onPaste, true);
      dataSub.dispose();
      resize.disconnect();
      themeWatch.disconnect();
      term.dispose();
      termRef.current = null;
    };
  }, [api]);

  const interrupt = async () => {
    if (!path) return;
    const result = await api.deviceInterrupt({ path });
    if (!result.ok) useDeviceStore.getState().report(result.error);
    termRef.current?.focus();
  };
  const softReset = async () => {
    if (!path) return;
    const result = await api.deviceSoftReset({ path, interrupt: true });
    if (!result.ok) useDeviceStore.getState().report(result.error);
    termRef.current?.focus();
  };
  const saveLog = () => {
    const term = termRef.current;
    if (!term) return;
    const buffer = term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i += 1) {
      const line = buffer.getLine(i);
      if (!line) continue;
      const text = line.translateToString(true);
      if (line.isWrapped && lines.length) lines[lines.length - 1] += text;
      else lines.push(text);
    }
    while (lines.length && lines[lines.length - 1] === '') lines.pop();
    downloadBytes(
      new TextEncoder().encode(`${lines.join('\n')}\n`),
      timestampedName('qpy-terminal', 'log'),
      'text/plain',
    );
  };
  const findNext = (backwards = false) => {
    if (!query) return;
    if (backwards) searchRef.current?.findPrevious(query);
    else searchRef.current?.findNext(query);
  };

  return (
    <section className="terminal-panel" data-testid="terminal-panel">
      <div className="toolbar">
        <span className="toolbar-title">{t('terminal.title')}</span>
        <button
          type="button"
          className="btn btn-sm"
          disabled={!path}
          onClick={() => void interrupt()}
          data-testid="terminal-interrupt"
          title={t('terminal.interruptHint')}
        >
          {t('terminal.interrupt')}
        </button>
        <button
          type="button"
          className="btn btn-sm"
          disabled={!path}
          onClick={() => void softReset()}
          data-testid="terminal-soft-reset"
          title={t('terminal.softResetHint')}
        >
          {t('terminal.softReset')}
        </button>
        <button
          type="button"
          className="btn btn-sm btn-primary"
          disabled={!path || !canRun}
          onClick={onRunCurrent}
          data-testid="terminal-run"
          title={t('terminal.runHint')}
        >
          ▶ {t('terminal.run')}
        </button>
        <span className="spacer" />
        <label className="toggle small" title={t('terminal.timestampsHint')}>
          <input
            type="checkbox"
            checked={timestamps}
            data-testid="terminal-timestamps"
            onChange={(e) => {
              setTimestamps(e.target.checked);
              stamperRef.current = createLineStamper();
              timestampsChoice.write(e.target.checked);
            }}
          />
          {t('terminal.timestamps')}
        </label>
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => setSearchOpen((v) => !v)}
          aria-pressed={searchOpen}
          data-testid="terminal-search-toggle"
        >
          {t('terminal.search')}
        </button>
        <button
          type="button"
          className="btn btn-sm"
          onClick={() =>
            void navigator.clipboard?.writeText(termRef.current?.getSelection() ?? '').catch(() => undefined)
          }
        >
          {t('terminal.copy')}
        </button>
        <button type="button" className="btn btn-sm" onClick={saveLog} data-testid="terminal-save-log">
          {t('terminal.saveLog')}
        </button>
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => termRef.current?.clear()}
          data-testid="terminal-clear"
        >
          {t('terminal.clear')}
        </button>
      </div>
      {searchOpen ? (
        <form
          className="terminal-search"
          onSubmit={(e) => {
            e.preventDefault();
            findNext();
          }}
        >
          <input
            autoFocus
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={t('terminal.searchPlaceholder')}
            data-testid="terminal-search-input"
          />
          <button type="button" className="btn btn-sm" onClick={() => findNext(true)}>
            ↑
          </button>
          <button type="submit" className="btn btn-sm">
            ↓
          </button>
          <button
            type="button"
            className="icon-button"
            onClick={() => setSearchOpen(false)}
            aria-label={t('terminal.closeSearch')}
          >
            ✕
          </button>
        </form>
      ) : null}
      {!path ? (
        <div className="terminal-status muted small" data-testid="terminal-not-connected">
          {t('terminal.notConnected')}
        </div>
      ) : null}
      <div className="terminal-host" ref={hostRef} data-testid="terminal" onClick={() => termRef.current?.focus()} />
    </section>
  );
};
