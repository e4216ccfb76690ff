import type { MqttRecord } from '../../../../../shared/api/mqtt';
import { topicMatches } from '../../../../../shared/mqtt/topic';

export type DirectionFilter = 'all' | 'in' | 'out';

/** What the user asked the log to show. Empty strings mean "no constraint". */
export interface LogFilter {
  /** With + or # an MQTT topic filter; without, a case-insensitive part of the topic. */
  topic: string;
  /** Case-insensitive text searched in the topic and the payload. */
  text: string;
  direction: DirectionFilter;
  /** Set by clicking a subscription: only records its filter matches. */
  subscription: string | null;
  /** Subscription filters the user muted: downlink records matched only by muted subscriptions are hidden. */
  muted: readonly string[];
  /** Every subscription filter of the connection (needed to tell "only muted ones match"). */
  subscriptions: readonly string[];
}

export const EMPTY_FILTER: LogFilter = {
  topic: '',
  text: '',
  direction: 'all',
  subscription: null,
  muted: [],
  subscriptions: [],
};

type RecordPredicate = (record: MqttRecord) => boolean;

const looseDecoder = new TextDecoder('utf-8', { fatal: false });

const isTopicPattern = (pattern: string): boolean => pattern.includes('+') || pattern.includes('#');

/** Does the topic box's content match this topic? (wildcards: MQTT rules; otherwise a substring). */
export const topicPatternMatches = (pattern: string, topic: string): boolean => {
  const p = pattern.trim();
  if (p === '') return true;
  if (isTopicPattern(p)) return topicMatches(p, topic);
  return topic.toLowerCase().includes(p.toLowerCase());
};

/** Is this downlink record hidden because every subscription that matches it is muted? */
export const isMutedRecord = (
  record: MqttRecord,
  muted: readonly string[],
  subscriptions: readonly string[],
): boolean => {
  if (record.direction !== 'in' || muted.length === 0) return false;
  let matchedAny = false;
  for (const filter of subscriptions) {
    if (!topicMatches(filter, record.topic)) continue;
    if (!muted.includes(filter)) return false;
    matchedAny = true;
  }
  return matchedAny;
};

/**
 * Turns the filter into one predicate, or null when it lets everything through (the log then skips the
 * per-record check entirely, which matters at tens of thousands of messages per second).
 */
export const compileFilter = (filter: LogFilter): RecordPredicate | null => {
  const checks: RecordPredicate[] = [];
  if (filter.direction !== 'all') {
    const direction = filter.direction;
    checks.push((r) => r.direction === direction);
  }
  if (filter.subscription) {
    const sub = filter.subscription;
    checks.push((r) => topicMatches(sub, r.topic));
  }
  const topic = filter.topic.trim();
  if (topic !== '') {
    if (isTopicPattern(topic)) checks.push((r) => topicMatches(topic, r.topic));
    else {
      const needle = topic.toLowerCase();
      checks.push((r) => r.topic.toLowerCase().includes(needle));
    }
  }
  const text = filter.text.trim().toLowerCase();
  if (text !== '') {
    checks.push(
      (r) => r.topic.toLowerCase().includes(text) || looseDecoder.decode(r.payload).toLowerCase().includes(text),
    );
  }
  if (filter.muted.length > 0) {
    const { muted, subscriptions } = filter;
    checks.push((r) => !isMutedRecord(r, muted, subscriptions));
  }
  if (checks.length === 0) return null;
  if (checks.length === 1) return checks[0]!;
  return (r) => {
    for (const check of checks) if (!check(r)) return false;
    return true;
  };
};
