/** MQTT topic names and filters (MQTT 3.1.1 §4.7, MQTT 5 §4.7): validation and matching, pure. */

/** Longest topic the protocol can carry: a UTF-8 string with a 16-bit length prefix. */
const MAX_TOPIC_BYTES = 65_535;

type TopicProblem =
  | 'empty'
  | 'wildcard-in-topic'
  | 'null-character'
  | 'invalid-utf8'
  | 'too-long'
  | 'misplaced-multi-level-wildcard'
  | 'misplaced-single-level-wildcard'
  | 'invalid-shared-subscription';

interface TopicCheck {
  ok: boolean;
  problem?: TopicProblem;
  /** What is wrong and what to change, in English, ready for the UI or the CLI. */
  message?: string;
}

const good: TopicCheck = { ok: true };
const bad = (problem: TopicProblem, message: string): TopicCheck => ({ ok: false, problem, message });

/** True when the string has no lone UTF-16 surrogate, i.e. it encodes to well-formed UTF-8. */
export const isWellFormedString = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
};

/** UTF-8 length of a well-formed string without allocating. */
export const utf8Length = (text: string): number => {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
};

const checkCommon = (text: string, what: string): TopicCheck => {
  if (text.length === 0)
    return bad('empty', `The ${what} is empty: enter at least one character, e.g. "devices/1/up".`);
  if (!isWellFormedString(text)) {
    return bad('invalid-utf8', `The ${what} is not valid UTF-8 (it holds a broken character): retype it.`);
  }
  if (text.includes('\u0000')) {
    return bad('null-character', `The ${what} contains a NUL character (U+0000), which MQTT forbids: remove it.`);
  }
  if (utf8Length(text) > MAX_TOPIC_BYTES) {
    return bad('too-long', `The ${what} is longer than ${MAX_TOPIC_BYTES} bytes in UTF-8: shorten it.`);
  }
  return good;
};

/** A topic a message is published to: no wildcards. */
export const checkTopicName = (topic: string): TopicCheck => {
  const common = checkCommon(topic, 'topic');
  if (!common.ok) return common;
  if (topic.includes('+') || topic.includes('#')) {
    return bad(
      'wildcard-in-topic',
      `The topic "${topic}" contains a wildcard (+ or #); wildcards are only allowed when subscribing: publish to a concrete topic.`,
    );
  }
  return good;
};

/** A subscription filter: '+' fills a whole level, '#' a whole last level; '$share/name/filter' allowed. */
export const checkTopicFilter = (filter: string): TopicCheck => {
  const common = checkCommon(filter, 'topic filter');
  if (!common.ok) return common;
  let body = filter;
  if (filter.startsWith('$share/')) {
    const rest = filter.slice('$share/'.length);
    const slash = rest.indexOf('/');
    const name = slash < 0 ? rest : rest.slice(0, slash);
    if (slash < 1 || name.includes('+') || name.includes('#') || rest.length === slash + 1) {
      return bad(
        'invalid-shared-subscription',
        `The shared subscription "${filter}" must look like "$share/<group>/<filter>" with a group name without wildcards.`,
      );
    }
    body = rest.slice(slash + 1);
  }
  const levels = body.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] ?? '';
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) {
      return bad(
        'misplaced-multi-level-wildcard',
        `In "${filter}" the # wildcard must be a whole level and the last one, e.g. "sensors/#".`,
      );
    }
    if (level.includes('+') && level !== '+') {
      return bad(
        'misplaced-single-level-wildcard',
        `In "${filter}" the + wildcard must fill a whole level, e.g. "sensors/+/temp" (not "sensors/a+").`,
      );
    }
  }
  return good;
};

/** Strips a '$share/group/' prefix: the part a broker matches topics against. */
const filterBody = (filter: string): string => {
  if (!filter.startsWith('$share/')) return filter;
  const rest = filter.slice('$share/'.length);
  const slash = rest.indexOf('/');
  return slash < 0 ? rest : rest.slice(slash + 1);
};

/** Does a (valid) filter match a topic name? Topics starting with '$' are not matched by a leading wildcard. */
export const topicMatches = (filter: string, topic: string): boolean => {
  const f = filterBody(filter).split('/');
  const t = topic.split('/');
  if (topic.startsWith('$') && (f[0] === '+' || f[0] === '#')) return false;
  for (let i = 0; i < f.length; i++) {
    const level = f[i];
    if (level === '#') return true;
    if (i >= t.length) return false;
    if (level !== '+' && level !== t[i]) return false;
  }
  return f.length === t.length;
};
