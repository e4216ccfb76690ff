import type { ProfileSaveRequest } from '../../../../shared/api/mqtt';
import type { CloudCredentials, CloudDefinition } from '../../../../shared/cloud';
import { i18next } from '../../i18n';

const PLACEHOLDER = /\{[^}]+\}/;

/**
 * An MQTT console profile for the computed connection: the cloud's downlink topics subscribed, and one publish
 * template per uplink topic with an example payload in the cloud's own format (Alink JSON, OneNET dp/OneJSON,
 * Huawei services…). The password travels as a secret, never as part of the profile body. Names and notes are in
 * `language`, the UI's when the profile is made.
 */
export const profileFromCredentials = (
  cloud: CloudDefinition,
  c: CloudCredentials,
  keepaliveSec?: number,
  language: string = i18next.language,
): ProfileSaveRequest => {
  const zh = language.startsWith('zh');
  const cloudName = zh ? cloud.nameZh : cloud.name;
  const subscriptions: Array<{ topic: string; qos: 0 | 1 }> = [];
  for (const topic of c.topics) {
    if (topic.direction !== 'down') continue;
    const filter = topic.filter ?? topic.topic;
    // A topic the cloud fills per message ({request_id}) can only be subscribed through its wildcard filter.
    if (PLACEHOLDER.test(filter) || subscriptions.some((s) => s.topic === filter)) continue;
    subscriptions.push({ topic: filter, qos: 0 });
  }
  const templates = c.topics
    .filter((topic) => topic.direction === 'up')
    .map((topic) => ({
      name: zh ? topic.description.zh : topic.description.en,
      topic: topic.topic,
      payload: topic.example ?? '',
      format: 'text' as const,
      qos: 0 as const,
      retain: false,
    }));
  return {
    name: `${cloudName} · ${c.username || c.clientId}`.slice(0, 120),
    connection: {
      host: c.host,
      port: c.port,
      transport: c.tls ? 'mqtts' : 'mqtt',
      version: '3.1.1',
      clientId: c.clientId,
      ...(c.username ? { username: c.username } : {}),
      keepaliveSec: keepaliveSec ?? c.keepalive.recommended,
      cleanStart: true,
      ...(c.tls
        ? {
            tls: {
              allowInsecure: false,
              ...(c.caBundled ? { caBundled: c.caBundled } : {}),
              ...(c.alpn ? { alpn: c.alpn } : {}),
            },
          }
        : {}),
    },
    subscriptions,
    templates,
    notes: i18next.t(c.expiresAt ? 'profileNotes.expiring' : 'profileNotes.made', {
      ns: 'cloud',
      lng: language,
      cloud: cloudName,
      ...(c.expiresAt ? { expires: new Date(c.expiresAt * 1000).toISOString() } : {}),
    }),
    secrets: { password: c.password },
  };
};
