import type { TFunction } from 'i18next';
import type { SessionStatus } from '../../../../../shared/api/mqtt';
import { CLOUDS, isCloudId } from '../../../../../shared/cloud';
import { i18next } from '../../../i18n';
import { translateSentence, type Sentence } from '../../../i18n/sentences';
import { emulatorReasonText } from './emulator-reason';

type Refusal = NonNullable<SessionStatus['refusal']>;

/** A CONNACK refusal's name and hint in the UI's language (the backend's English where no translation exists). */
export const refusalText = (
  refusal: Refusal,
  version: SessionStatus['version'],
  t: TFunction,
): { reason: string; hint: string; cause?: string } => {
  const table = version === '5' && refusal.code >= 0x80 ? 'v5' : 'v311';
  const key = `refusal.${table}.c${refusal.code}`;
  const known = i18next.exists(`${key}.reason`, { ns: 'mqtt', lng: i18next.language });
  return {
    reason: known ? t(`${key}.reason`, { ns: 'mqtt' }) : refusal.reason,
    hint: known ? t(`${key}.hint`, { ns: 'mqtt' }) : refusal.hint,
    ...(refusal.cause ? { cause: emulatorReasonText(refusal.cause, t) } : {}),
  };
};

/** The MQTT client's connection problems (electron/mqtt/client-errors.ts), by sentence. */
const CLIENT_ERRORS: ReadonlyArray<Sentence> = [
  [/^Nothing accepts connections on (.+): check the host and port, or start the broker\.$/s, 'refused', ['where']],
  [/^The host name "(.+)" cannot be resolved: check it and the network\.$/s, 'unresolved', ['host']],
  [/^(.+) did not answer in time: check the host, port and firewall\.$/s, 'timeout', ['where']],
  [/^(.+) closed the connection: check the port, TLS setting and broker log\.$/s, 'reset', ['where']],
  [
    /^The server certificate of (.+) was rejected \((.+)\): the certificate is for another name: .*$/s,
    'certName',
    ['where', 'code'],
  ],
  [
    /^The server certificate of (.+) was rejected \((.+)\): the certificate is outside its validity dates: .*$/s,
    'certDates',
    ['where', 'code'],
  ],
  [/^The server certificate of (.+) was rejected \((.+)\): .*$/s, 'certUntrusted', ['where', 'code']],
  [/^The TLS handshake with (.+) failed \((.+)\): .*$/s, 'tlsHandshake', ['where', 'code']],
  [/^Connection problem with ([^:]+): (.*)$/s, 'other', ['where', 'message']],
];

/** A session error's message in the UI's language; a sentence not in the table stays as the backend said it. */
export const sessionErrorText = (message: string, t: TFunction): string =>
  translateSentence(message, CLIENT_ERRORS, t, { ns: 'mqtt', prefix: 'clientError' }) ?? message;

/** What an observer session watches: the backend calls it '<cloud> emulator'; the cloud's name in the UI's language. */
export const observedLabel = (label: string, language: string): string => {
  const cloud = /^(\w+) emulator$/.exec(label)?.[1];
  if (!cloud || !isCloudId(cloud)) return label;
  const name = language.startsWith('zh') ? CLOUDS[cloud].nameZh : CLOUDS[cloud].name;
  return i18next.t('observer.emulatorLabel', { ns: 'mqtt', cloud: name, lng: language });
};
