import type { CloudCredentials, CloudTopic } from '../cloud/types';
import { pythonStringLiteral } from './python';

/** Python expression (using `req`, the request's JSON object) of the answer's payload. */
type Answer = string;

interface Rule {
  request: string;
  response: string;
  answer: Answer;
  /** Python condition on `req` that must also hold (e.g. Tencent's method). */
  when?: string;
}

const rulesFor = (c: CloudCredentials): Rule[] => {
  switch (c.cloud) {
    case 'aliyun':
      return [
        {
          request: 'property.set',
          response: 'property.set_reply',
          answer: "{'id': req.get('id', ''), 'code': 200, 'data': {}, 'version': '1.0'}",
        },
        {
          request: 'rrpc.request',
          response: 'rrpc.response',
          answer: "{'id': req.get('id', ''), 'code': 200, 'data': {}}",
        },
      ];
    case 'onenet':
      return [
        { request: 'cmd.request', response: 'cmd.response', answer: "{'result': 'ok'}" },
        {
          request: 'thing.property.set',
          response: 'thing.property.set_reply',
          answer: "{'id': req.get('id', ''), 'code': 200, 'msg': 'success'}",
        },
      ];
    case 'huawei':
      return [
        {
          request: 'commands.request',
          response: 'commands.response',
          answer: "{'result_code': 0, 'response_name': 'COMMAND_RESPONSE', 'paras': {'result': 'success'}}",
        },
        {
          request: 'properties.set',
          response: 'properties.set.response',
          answer: "{'result_code': 0, 'result_desc': 'success'}",
        },
      ];
    case 'tencent':
      return [
        {
          request: 'property.down',
          response: 'property.up',
          when: "req.get('method') == 'control'",
          answer:
            "{'method': 'control_reply', 'clientToken': req.get('clientToken', ''), 'code': 0, 'status': 'success'}",
        },
        {
          request: 'action.down',
          response: 'action.up',
          when: "req.get('method') == 'action'",
          answer:
            "{'method': 'action_reply', 'clientToken': req.get('clientToken', ''), 'code': 0, 'status': 'success', 'response': {}}",
        },
      ];
    case 'thingsboard':
      return [{ request: 'rpc.request', response: 'rpc.response', answer: "{'result': 'ok'}" }];
    default:
      return [];
  }
};

/** `prefix` when the topic is `prefix{id}` (one placeholder, at the end), the topic when it has none. */
const split = (t: CloudTopic): { prefix: string; id: boolean } | undefined => {
  const open = t.topic.indexOf('{');
  if (open < 0) return { prefix: t.topic, id: false };
  if (t.topic.indexOf('{', open + 1) >= 0 || !t.topic.endsWith('}')) return undefined;
  return { prefix: t.topic.slice(0, open), id: true };
};

const ruleCode = (c: CloudCredentials, rule: Rule): string | undefined => {
  const req = c.topics.find((t) => t.name === rule.request && t.direction === 'down');
  const res = c.topics.find((t) => t.name === rule.response && t.direction === 'up');
  if (!req || !res) return undefined;
  const a = split(req);
  const b = split(res);
  if (!a || !b || a.id !== b.id) return undefined;
  const cond = rule.when ? ` and ${rule.when}` : '';
  const answer = `ujson.dumps(${rule.answer})`;
  if (!a.id)
    return `    if topic == ${pythonStringLiteral(a.prefix)}${cond}:
        return (${pythonStringLiteral(b.prefix)}, ${answer})`;
  return `    p = ${pythonStringLiteral(a.prefix)}
    if topic.startswith(p) and '/' not in topic[len(p):]${cond}:
        return (${pythonStringLiteral(b.prefix)} + topic[len(p):], ${answer})`;
};

/**
 * Python `def cloud_reply(topic, msg):` returning `(topic, payload)` for the requests the cloud waits an answer to
 * (property set, commands, RPC), or None.
 */
export const replyCode = (c: CloudCredentials): string => {
  const rules = rulesFor(c)
    .map((r) => ruleCode(c, r))
    .filter((x): x is string => x !== undefined);
  return `

def cloud_reply(topic, msg):
    # The cloud waits for an answer to these requests (its console reports a timeout otherwise).
    try:
        req = ujson.loads(msg)
    except Exception:
        req = None
    if not isinstance(req, dict):
        req = {}
${rules.length ? `${rules.join('\n')}\n` : ''}    return None
`;
};
