import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useMemo, useRef } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { MqttRecord, ProfileSubscription, TraceInfo } from '../../../../shared/api/mqtt';
import { topicMatches } from '../../../../shared/mqtt/topic';
import { logActions, logView, useMqttLogStore } from '../../stores/mqttLog';
import { toCsv, toJsonLines } from './logic/export';
import type { DirectionFilter } from './logic/filter';
import { downloadText, fileStamp } from './logic/download';
import { VIEW_FORMATS, formatBytes, type ViewFormat } from './logic/payload-view';
import { Glyph } from './Glyph';
import { emulatorReasonText } from './logic/emulator-reason';
import { MessageRow } from './MessageRow';
import { useFilterInput } from './useFilterInput';

const ROW_HEIGHT = 24;

const TRACE_KINDS: TraceInfo['kind'][] = [
  'uplink',
  'reply',
  'downlink',
  'register',
  'publish.denied',
  'subscribe.denied',
  'connect.accepted',
  'connect.refused',
];

/** One label per trace kind, from `prefix.<kind>` (dots in kinds become dashes in the keys). */
const traceLabels = (t: TFunction<'mqtt'>, prefix: string) =>
  Object.fromEntries(TRACE_KINDS.map((k) => [k, t(`${prefix}.${k.replace('.', '-')}`)])) as Record<
    TraceInfo['kind'],
    string
  >;
const FILTER_DEBOUNCE_MS = 120;

/** The message log: filters, virtualised rows (newest at the bottom, followed), counters that always add up. */
export const MessageLog = ({ subscriptions }: { subscriptions: ProfileSubscription[] }) => {
  const { t } = useTranslation('mqtt');
  useMqttLogStore((s) => s.version);
  const stats = useMqttLogStore((s) => s.stats);
  const filter = useMqttLogStore((s) => s.filter);
  const paused = useMqttLogStore((s) => s.paused);
  const format = useMqttLogStore((s) => s.format);
  const follow = useMqttLogStore((s) => s.follow);
  const selected = useMqttLogStore((s) => s.selected);
  const [topicInput, setTopicInput] = useFilterInput('topic', FILTER_DEBOUNCE_MS);
  const [textInput, setTextInput] = useFilterInput('text', FILTER_DEBOUNCE_MS);
  const scrollRef = useRef<HTMLDivElement>(null);

  const view = logView();
  const count = view.count;

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    initialRect: { width: 800, height: 480 },
  });

  // Following the newest row: a plain scrollTop write (the browser clamps it). The virtualiser's own
  // scrollToIndex keeps re-measuring the scroll extent every frame, which forces layouts under a flood.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (follow && el && count > 0) el.scrollTop = count * ROW_HEIGHT;
  }, [follow, count, stats]);

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT * 1.5;
    logActions.setFollow(atBottom);
  }, []);

  const colorFor = useMemo(() => {
    const active = subscriptions.filter((s) => s.color);
    const cache = new Map<string, string | undefined>();
    return (record: MqttRecord) => {
      if (record.direction === 'out') return undefined;
      if (cache.has(record.topic)) return cache.get(record.topic);
      const color = active.find((s) => topicMatches(s.topic, record.topic))?.color;
      if (cache.size < 5000) cache.set(record.topic, color);
      return color;
    };
  }, [subscriptions]);

  const labels = useMemo(
    () => ({
      up: t('log.uplink'),
      down: t('log.downlink'),
      retain: t('retain'),
      truncated: t('log.truncated'),
      trace: traceLabels(t, 'trace.kind'),
      dropped: traceLabels(t, 'trace.dropped'),
      reason: (text: string) => emulatorReasonText(text, t),
    }),
    [t],
  );

  const exportAs = (kind: 'jsonl' | 'csv') => {
    const records = [...view.items()];
    const text = kind === 'jsonl' ? toJsonLines(records) : toCsv(records);
    downloadText(`mqtt-log_${fileStamp()}.${kind}`, text, kind === 'jsonl' ? 'application/x-ndjson' : 'text/csv');
  };

  const hasFilter =
    filter.topic !== '' || filter.text !== '' || filter.direction !== 'all' || filter.subscription !== null;

  return (
    <section className="mqtt-log" data-testid="message-log">
      <div className="mqtt-log-toolbar">
        <input
          type="search"
          className="mqtt-filter-topic mono"
          placeholder={t('log.topicFilter')}
          value={topicInput}
          onChange={(e) => setTopicInput(e.target.value)}
          data-testid="filter-topic"
          spellCheck={false}
        />
        <input
          type="search"
          className="mqtt-filter-text"
          placeholder={t('log.search')}
          value={textInput}
          onChange={(e) => setTextInput(e.target.value)}
          data-testid="filter-text"
          spellCheck={false}
        />
        <div className="mqtt-segmented" role="group" aria-label={t('log.direction')}>
          {(['all', 'in', 'out'] as DirectionFilter[]).map((d) => (
            <button
              key={d}
              type="button"
              className={`${filter.direction === d ? 'active ' : ''}mqtt-seg-${d}`}
              onClick={() => logActions.setFilter({ direction: d })}
              data-testid={`filter-direction-${d}`}
            >
              {d === 'all' ? t('log.all') : d === 'in' ? `↓ ${t('log.downShort')}` : `↑ ${t('log.upShort')}`}
            </button>
          ))}
        </div>
        {filter.subscription ? (
          <button
            type="button"
            className="badge mqtt-sub-filter-badge"
            onClick={() => logActions.setFilter({ subscription: null })}
            data-testid="filter-subscription"
          >
            {filter.subscription} ✕
          </button>
        ) : null}
        <span className="spacer" />
        <select
          value={format}
          onChange={(e) => logActions.setFormat(e.target.value as ViewFormat)}
          data-testid="log-format"
          title={t('log.format')}
        >
          {VIEW_FORMATS.map((f) => (
            <option key={f} value={f}>
              {t(`formats.${f}`)}
            </option>
          ))}
        </select>
        <button
          type="button"
          className={`btn btn-small${paused ? ' btn-primary' : ''}`}
          onClick={() => logActions.setPaused(!paused)}
          data-testid="log-pause"
        >
          <Glyph name={paused ? 'play' : 'pause'} /> {paused ? t('log.resume') : t('log.pause')}
        </button>
        <button type="button" className="btn btn-small" onClick={() => logActions.clear()} data-testid="log-clear">
          {t('log.clear')}
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => exportAs('jsonl')}
          disabled={count === 0}
          data-testid="log-export-jsonl"
        >
          ⇩ JSONL
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => exportAs('csv')}
          disabled={count === 0}
          data-testid="log-export-csv"
        >
          ⇩ CSV
        </button>
      </div>
      <div className="mqtt-log-header" role="row">
        <span />
        <span />
        <span>{t('log.time')}</span>
        <span>{t('log.topic')}</span>
        <span>QoS</span>
        <span />
        <span>{t('log.size')}</span>
        <span>{t('log.payload')}</span>
      </div>
      <div className="mqtt-log-scroll" ref={scrollRef} onScroll={onScroll} data-testid="log-scroll" role="table">
        {count === 0 ? (
          <div className="mqtt-log-empty muted" data-testid="log-empty">
            {hasFilter && stats.evictedMatching > 0
              ? t('log.noMatchEvicted', { n: stats.evictedMatching })
              : hasFilter && stats.shown > 0
                ? t('log.noMatch')
                : t('log.empty')}
          </div>
        ) : null}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const record = view.itemAt(item.index);
            if (!record) return null;
            return (
              <MessageRow
                key={item.key}
                record={record}
                format={format}
                color={colorFor(record)}
                selected={record === selected}
                top={item.start}
                onSelect={logActions.select}
                labels={labels}
              />
            );
          })}
        </div>
      </div>
      {!follow && count > 0 ? (
        <button
          type="button"
          className="mqtt-jump-latest"
          onClick={() => logActions.setFollow(true)}
          data-testid="log-follow"
        >
          ↓ {t('log.jumpToLatest')}
        </button>
      ) : null}
      <footer className="mqtt-log-footer small" data-testid="log-footer">
        <span title={t('log.receivedHint')}>
          {t('log.received')} <strong data-testid="log-received">{stats.received}</strong>
        </span>
        <span>=</span>
        <span>
          {t('log.shown')} <strong data-testid="log-shown">{stats.shown}</strong>
        </span>
        <span>+</span>
        <span title={t('log.evictedHint')}>
          {t('log.evicted')} <strong data-testid="log-evicted">{stats.evicted}</strong>
        </span>
        <span className="mqtt-footer-sep" />
        <span>
          {t('log.matching')} <strong data-testid="log-matching">{stats.matching}</strong>
          {stats.scanning ? <span className="muted"> {t('log.filtering')}</span> : null}
        </span>
        {hasFilter && stats.evictedMatching > 0 ? (
          <span className="mqtt-text-warning" data-testid="log-evicted-matching" title={t('log.evictedHint')}>
            {t('log.evictedMatching', { n: stats.evictedMatching })}
          </span>
        ) : null}
        <span className="muted">{formatBytes(stats.bytes)}</span>
        {paused ? (
          <span className="mqtt-new-badge" data-testid="log-new">
            {t('log.newWhilePaused', { n: stats.newWhilePaused })}
          </span>
        ) : null}
        <span className="spacer" />
        {stats.lost > 0 || stats.missingFrames > 0 ? (
          <span className="mqtt-text-danger" data-testid="log-lost">
            {t('log.lost', { n: stats.lost, frames: stats.missingFrames })}
          </span>
        ) : (
          <span className="muted" data-testid="log-backend" data-sent={stats.backendSent}>
            {t('log.noneLost')}
          </span>
        )}
      </footer>
    </section>
  );
};
