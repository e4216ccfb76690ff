import { create } from 'zustand';
import type { MqttMessageFrame, MqttRecord } from '../../../shared/api/mqtt';
import { compileFilter, EMPTY_FILTER, type LogFilter } from '../workspaces/mqtt/logic/filter';
import type { ViewFormat } from '../workspaces/mqtt/logic/payload-view';
import type { TopicStat } from '../workspaces/mqtt/logic/topic-tree';
import { FilteredView, frozenSource, type IndexedSource } from './mqttLogView';
import { MessageRing, type RingLimits } from './mqttRing';

/*
 * The MQTT message log. Frames from the backend go straight into a per-connection ring buffer (no React
 * involved); the zustand state below changes at most once per animation frame, carrying a version number and
 * the counters, and components read rows from the view with `logView()`.
 */

export const DEFAULT_LOG_LIMITS: RingLimits = { maxCount: 50_000, maxBytes: 64 * 1024 * 1024 };

/** Estimated memory of a record: payload, topic (UTF-16) and the object and its fields. */
const recordBytes = (r: MqttRecord): number => r.payload.byteLength + r.topic.length * 2 + 200;

/** Time a frame may spend rescanning for a new filter before yielding to rendering. */
const SCAN_BUDGET_MS = 6;
/**
 * Under a flood (more records per update than anyone can read) the log is redrawn at most this often, so the
 * browser spends its frames on staying responsive rather than repainting rows nobody can read.
 */
const FLOOD_RECORDS_PER_UPDATE = 500;
const FLOOD_UPDATE_INTERVAL_MS = 200;

interface SessionTotals {
  /** Backend's in+out count just before the first frame this page saw. */
  baseline: number;
  /** Backend's in+out count after the latest frame. */
  backendTotal: number;
  received: number;
  lastSeq: number;
  missingFrames: number;
}

interface ConnectionLog {
  ring: MessageRing<MqttRecord>;
  topics: Map<string, TopicStat>;
  sessions: Map<string, SessionTotals>;
}

interface LogStats {
  /** Since the last clear: received = shown + evicted, exactly. */
  received: number;
  shown: number;
  evicted: number;
  bytes: number;
  /** Rows the current filter lets through (equals shown when no filter). */
  matching: number;
  /** With a filter: messages that matched it and were then evicted (so the view shrank without a clear). */
  evictedMatching: number;
  /** Received since the log was paused. */
  newWhilePaused: number;
  /** A new filter is still being applied to older messages. */
  scanning: boolean;
  /** Messages the backend sent that never reached this page (0 unless frames were lost). */
  lost: number;
  missingFrames: number;
  /** Sum of the backend's own counters for this connection's sessions since this page started watching. */
  backendSent: number;
}

const ZERO_STATS: LogStats = {
  received: 0,
  shown: 0,
  evicted: 0,
  bytes: 0,
  matching: 0,
  evictedMatching: 0,
  newWhilePaused: 0,
  scanning: false,
  lost: 0,
  missingFrames: 0,
  backendSent: 0,
};

interface MqttLogState {
  version: number;
  /** The connection whose log is on screen (profile id, or session id for sessions without a profile). */
  activeKey: string | null;
  filter: LogFilter;
  paused: boolean;
  format: ViewFormat;
  follow: boolean;
  selected: MqttRecord | null;
  stats: LogStats;
  limits: RingLimits;
}

export const useMqttLogStore = create<MqttLogState>(() => ({
  version: 0,
  activeKey: null,
  filter: EMPTY_FILTER,
  paused: false,
  format: 'auto',
  follow: true,
  selected: null,
  stats: ZERO_STATS,
  limits: DEFAULT_LOG_LIMITS,
}));

const logs = new Map<string, ConnectionLog>();
/** Each connection's own filter, so switching connections never carries one connection's filter to another. */
const filters = new Map<string, LogFilter>();
const sessionKeys = new Map<string, string>();
const emptySource: IndexedSource<MqttRecord> = frozenSource<MqttRecord>([]);
const view = new FilteredView<MqttRecord>(emptySource);
let receivedAtPause = 0;
let recordsSinceUpdate = 0;
let lastUpdateAt = 0;
/** While paused: every message the log held at that moment (the filter still applies to it). */
let pausedSource: IndexedSource<MqttRecord> | null = null;
let tickScheduled = false;

const schedule = (fn: () => void) => {
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && !document.hidden) {
    requestAnimationFrame(() => fn());
  } else setTimeout(fn, 16);
};

const getLog = (key: string): ConnectionLog => {
  let log = logs.get(key);
  if (!log) {
    log = {
      ring: new MessageRing<MqttRecord>(useMqttLogStore.getState().limits, recordBytes),
      topics: new Map(),
      sessions: new Map(),
    };
    logs.set(key, log);
  }
  return log;
};

const activeLog = (): ConnectionLog | undefined => {
  const key = useMqttLogStore.getState().activeKey;
  return key === null ? undefined : logs.get(key);
};

const computeStats = (): LogStats => {
  const log = activeLog();
  if (!log) return ZERO_STATS;
  const c = log.ring.counters;
  let lost = 0;
  let missingFrames = 0;
  let backendSent = 0;
  for (const s of log.sessions.values()) {
    lost += s.backendTotal - s.baseline - s.received;
    missingFrames += s.missingFrames;
    backendSent += s.backendTotal - s.baseline;
  }
  const paused = useMqttLogStore.getState().paused;
  return {
    received: c.received,
    shown: c.held,
    evicted: c.evicted,
    bytes: c.bytes,
    matching: view.count,
    evictedMatching: view.evicted,
    newWhilePaused: paused ? Math.max(0, c.received - receivedAtPause) : 0,
    scanning: view.scanning,
    lost,
    missingFrames,
    backendSent,
  };
};

const tick = () => {
  tickScheduled = false;
  const started = performance.now();
  if (recordsSinceUpdate > FLOOD_RECORDS_PER_UPDATE && started - lastUpdateAt < FLOOD_UPDATE_INTERVAL_MS) {
    requestTick();
    return;
  }
  recordsSinceUpdate = 0;
  lastUpdateAt = started;
  const done = view.sync(() => performance.now() - started > SCAN_BUDGET_MS);
  useMqttLogStore.setState((s) => ({ version: s.version + 1, stats: computeStats() }));
  if (!done) requestTick();
};

/** Asks for one store update at the next animation frame (many frames in between cost one update). */
const requestTick = (): void => {
  if (tickScheduled) return;
  tickScheduled = true;
  schedule(tick);
};

const liveSource = (log: ConnectionLog | undefined): IndexedSource<MqttRecord> => log?.ring ?? emptySource;

/** Re-applies the filter (and paused snapshot) to the active log; the rescan runs in slices. */
const rebuildView = () => {
  const { filter, paused } = useMqttLogStore.getState();
  const log = activeLog();
  const source = paused && pausedSource ? pausedSource : liveSource(log);
  view.reset(source, compileFilter(filter));
  requestTick();
};

/** Maps a backend session to the log it writes into (its profile's, so reconnects continue the same log). */
export const bindSessionKey = (sessionId: string, key: string): void => {
  sessionKeys.set(sessionId, key);
};

/** Takes one 'mqtt.messages' frame: O(records), no React work. */
export const ingestFrame = (frame: MqttMessageFrame): void => {
  const key = sessionKeys.get(frame.sessionId) ?? frame.sessionId;
  const log = getLog(key);
  log.ring.push(frame.records);
  for (const r of frame.records) {
    const stat = log.topics.get(r.topic);
    if (stat) {
      stat.count++;
      stat.last = r;
    } else log.topics.set(r.topic, { count: 1, last: r });
  }
  const backendTotal = frame.totals.in + frame.totals.out;
  let totals = log.sessions.get(frame.sessionId);
  if (!totals) {
    totals = {
      baseline: backendTotal - frame.records.length,
      backendTotal,
      received: 0,
      lastSeq: frame.seq - 1,
      missingFrames: 0,
    };
    log.sessions.set(frame.sessionId, totals);
  }
  if (frame.seq > totals.lastSeq + 1) totals.missingFrames += frame.seq - totals.lastSeq - 1;
  totals.lastSeq = Math.max(totals.lastSeq, frame.seq);
  totals.backendTotal = Math.max(totals.backendTotal, backendTotal);
  totals.received += frame.records.length;
  if (key === useMqttLogStore.getState().activeKey) {
    recordsSinceUpdate += frame.records.length;
    requestTick();
  }
};

/** The rows on screen: count and i-th item of the filtered (and possibly paused) view. */
export const logView = (): {
  count: number;
  itemAt(i: number): MqttRecord | undefined;
  items(): Iterable<MqttRecord>;
} => view;

/** Topic statistics of the active connection. */
export const activeTopics = (): ReadonlyMap<string, TopicStat> => activeLog()?.topics ?? new Map();

/** Every message held for the active connection, oldest first. */
export const activeRecords = (): Iterable<MqttRecord> => activeLog()?.ring.items() ?? [];

export const logActions = {
  setActive(key: string | null): void {
    const { activeKey, filter } = useMqttLogStore.getState();
    if (activeKey === key) return;
    if (activeKey !== null) filters.set(activeKey, filter);
    pausedSource = null;
    const next = key === null ? undefined : filters.get(key);
    useMqttLogStore.setState({ activeKey: key, selected: null, paused: false, filter: next ?? EMPTY_FILTER });
    if (key !== null) getLog(key);
    rebuildView();
  },
  /** Changes the filter of `key` (the active connection when omitted); another connection's is kept for its return. */
  setFilter(patch: Partial<LogFilter>, key: string | null = useMqttLogStore.getState().activeKey): void {
    if (key !== useMqttLogStore.getState().activeKey) {
      if (key !== null) filters.set(key, { ...(filters.get(key) ?? EMPTY_FILTER), ...patch });
      return;
    }
    useMqttLogStore.setState((s) => ({ filter: { ...s.filter, ...patch } }));
    rebuildView();
  },
  setPaused(paused: boolean): void {
    if (useMqttLogStore.getState().paused === paused) return;
    const log = activeLog();
    receivedAtPause = log?.ring.endIndex ?? 0;
    pausedSource = paused ? frozenSource([...(log?.ring.items() ?? [])]) : null;
    useMqttLogStore.setState({ paused });
    rebuildView();
  },
  setFormat(format: ViewFormat): void {
    useMqttLogStore.setState({ format });
  },
  setFollow(follow: boolean): void {
    if (useMqttLogStore.getState().follow !== follow) useMqttLogStore.setState({ follow });
  },
  select(record: MqttRecord | null): void {
    useMqttLogStore.setState({ selected: record });
  },
  /** Empties the active log; the counters restart from zero. */
  clear(): void {
    const log = activeLog();
    if (!log) return;
    log.ring.clear();
    log.topics.clear();
    receivedAtPause = 0;
    pausedSource = null;
    useMqttLogStore.setState({ selected: null, paused: false });
    rebuildView();
  },
  /** Test and benchmark hook: new limits apply to logs created afterwards. */
  setLimits(limits: RingLimits): void {
    useMqttLogStore.setState({ limits });
  },
  /** Forgets every log (tests). */
  resetAll(): void {
    logs.clear();
    filters.clear();
    sessionKeys.clear();
    receivedAtPause = 0;
    pausedSource = null;
    useMqttLogStore.setState({
      activeKey: null,
      filter: EMPTY_FILTER,
      paused: false,
      selected: null,
      stats: ZERO_STATS,
      limits: DEFAULT_LOG_LIMITS,
      follow: true,
      format: 'auto',
    });
    view.reset(emptySource, null);
  },
};
