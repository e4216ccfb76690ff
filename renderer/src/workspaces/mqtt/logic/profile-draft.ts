import type {
  MQTT_TRANSPORTS,
  PemFile,
  ProfileSaveRequest,
  ProfileView,
  QoS,
  TlsFileField,
} from '../../../../../shared/api/mqtt';
import type { PayloadFormat } from '../../../../../shared/mqtt/payload';
import { checkTopicName } from '../../../../../shared/mqtt/topic';

export type Transport = (typeof MQTT_TRANSPORTS)[number];

export const DEFAULT_PORTS: Record<Transport, number> = { mqtt: 1883, mqtts: 8883, ws: 8083, wss: 8084 };

/** A secret field in the form: untouched keeps what is saved; touched and empty clears it. */
interface SecretDraft {
  value: string;
  touched: boolean;
  /** The saved profile has a value (shown masked until revealed). */
  saved: boolean;
}

/**
 * A TLS file in the form: its name, and either the grant of a file just picked (the backend reads it on save)
 * or the text the saved profile already holds (certificates; a saved key's text stays in the backend).
 */
export interface TlsFileDraft {
  name: string;
  grant?: string;
  saved?: PemFile;
}

/** The profile form's state: every field as typed (numbers as strings, so half-typed values are allowed). */
export interface ProfileDraft {
  id?: string;
  name: string;
  transport: Transport;
  host: string;
  port: string;
  path: string;
  version: '3.1.1' | '5';
  clientId: string;
  username: string;
  password: SecretDraft;
  keepaliveSec: string;
  cleanStart: boolean;
  sessionExpirySec: string;
  reconnect: boolean;
  willEnabled: boolean;
  willTopic: string;
  willPayload: string;
  willFormat: PayloadFormat;
  willQos: QoS;
  willRetain: boolean;
  /** A CA certificate that ships with the app (cloud presets); a picked `ca` replaces it. */
  caBundled: string;
  ca: TlsFileDraft | null;
  cert: TlsFileDraft | null;
  key: TlsFileDraft | null;
  /** The saved profile has a client key (so removing it must be sent). */
  keySaved: boolean;
  alpn?: string[];
  servername: string;
  allowInsecure: boolean;
  notes: string;
  subscriptions: ProfileView['subscriptions'];
  templates: ProfileView['templates'];
}

export const newDraft = (): ProfileDraft => ({
  name: '',
  transport: 'mqtt',
  host: '',
  port: '1883',
  path: '/mqtt',
  version: '3.1.1',
  clientId: '',
  username: '',
  password: { value: '', touched: false, saved: false },
  keepaliveSec: '60',
  cleanStart: true,
  sessionExpirySec: '',
  reconnect: true,
  willEnabled: false,
  willTopic: '',
  willPayload: '',
  willFormat: 'text',
  willQos: 0,
  willRetain: false,
  caBundled: '',
  ca: null,
  cert: null,
  key: null,
  keySaved: false,
  servername: '',
  allowInsecure: false,
  notes: '',
  subscriptions: [],
  templates: [],
});

export const draftFromProfile = (p: ProfileView): ProfileDraft => {
  const c = p.connection;
  return {
    id: p.id,
    name: p.name,
    transport: c.transport,
    host: c.host,
    port: String(c.port),
    path: c.path,
    version: c.version,
    clientId: c.clientId,
    username: c.username ?? '',
    password: { value: '', touched: false, saved: p.secrets.password },
    keepaliveSec: String(c.keepaliveSec),
    cleanStart: c.cleanStart,
    sessionExpirySec: c.sessionExpirySec === undefined ? '' : String(c.sessionExpirySec),
    reconnect: c.reconnect.enabled,
    willEnabled: !!c.will,
    willTopic: c.will?.topic ?? '',
    willPayload: c.will?.payload ?? '',
    willFormat: c.will?.format ?? 'text',
    willQos: c.will?.qos ?? 0,
    willRetain: c.will?.retain ?? false,
    caBundled: c.tls?.caBundled ?? '',
    ca: c.tls?.ca ? { name: c.tls.ca.name, saved: c.tls.ca } : null,
    cert: c.tls?.cert ? { name: c.tls.cert.name, saved: c.tls.cert } : null,
    key: p.secrets.clientKey ? { name: c.tls?.keyName ?? 'client.key' } : null,
    keySaved: p.secrets.clientKey === true,
    ...(c.tls?.alpn ? { alpn: c.tls.alpn } : {}),
    servername: c.tls?.servername ?? '',
    allowInsecure: c.tls?.allowInsecure ?? false,
    notes: p.notes ?? '',
    subscriptions: p.subscriptions,
    templates: p.templates,
  };
};

/** "qpy_" and 8 random lowercase hex digits, like the backend's own default. */
export const generateClientId = (): string => {
  const bytes = new Uint8Array(4);
  crypto.getRandomValues(bytes);
  return `qpy_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
};

export const isTlsTransport = (t: Transport): boolean => t === 'mqtts' || t === 'wss';

export type DraftErrors = Partial<
  Record<keyof ProfileDraft, { key: string; params?: Record<string, string | number> }>
>;

const intIn = (text: string, min: number, max: number): boolean =>
  /^\d+$/.test(text.trim()) && Number(text) >= min && Number(text) <= max;

/** Field problems as i18n keys under `form.errors.`; empty when the draft can be saved. */
export const validateDraft = (d: ProfileDraft): DraftErrors => {
  const errors: DraftErrors = {};
  if (d.name.trim() === '') errors.name = { key: 'nameRequired' };
  if (d.host.trim() === '') errors.host = { key: 'hostRequired' };
  else if (/\s|:\/\//.test(d.host.trim())) errors.host = { key: 'hostInvalid' };
  if (!intIn(d.port, 1, 65_535)) errors.port = { key: 'portRange' };
  if (!intIn(d.keepaliveSec, 0, 65_535)) errors.keepaliveSec = { key: 'keepaliveRange' };
  if (d.version === '5' && d.sessionExpirySec.trim() !== '' && !intIn(d.sessionExpirySec, 0, 0xffffffff)) {
    errors.sessionExpirySec = { key: 'expiryRange' };
  }
  if (d.willEnabled) {
    const topic = checkTopicName(d.willTopic);
    if (!topic.ok) errors.willTopic = { key: 'willTopic' };
  }
  if ((d.cert === null) !== (d.key === null) && isTlsTransport(d.transport)) {
    errors.key = { key: 'certKeyPair' };
  }
  return errors;
};

const opt = (text: string): string | undefined => (text.trim() === '' ? undefined : text.trim());

/** What a save sends about the picked TLS files: grants of new picks, and null when a saved key is removed. */
const tlsFilesToSave = (d: ProfileDraft): NonNullable<ProfileSaveRequest['tlsFiles']> => {
  const files: NonNullable<ProfileSaveRequest['tlsFiles']> = {};
  for (const field of ['ca', 'cert', 'key'] as const satisfies readonly TlsFileField[]) {
    const grant = d[field]?.grant;
    if (grant) files[field] = { grant };
  }
  if (d.key === null && d.keySaved) files.key = null;
  return files;
};

/** The profileSave request for a valid draft. */
export const draftToSave = (d: ProfileDraft): ProfileSaveRequest => {
  const tls = isTlsTransport(d.transport)
    ? {
        allowInsecure: d.allowInsecure,
        ...(d.ca === null && opt(d.caBundled) ? { caBundled: opt(d.caBundled) } : {}),
        ...(d.ca?.saved && !d.ca.grant ? { ca: d.ca.saved } : {}),
        ...(d.cert?.saved && !d.cert.grant ? { cert: d.cert.saved } : {}),
        ...(opt(d.servername) ? { servername: opt(d.servername) } : {}),
        ...(d.alpn ? { alpn: d.alpn } : {}),
      }
    : undefined;
  const tlsFiles = tls ? tlsFilesToSave(d) : {};
  const password = d.password.touched ? (d.password.value === '' ? null : d.password.value) : undefined;
  return {
    ...(d.id ? { id: d.id } : {}),
    name: d.name.trim(),
    connection: {
      host: d.host.trim(),
      port: Number(d.port),
      transport: d.transport,
      path: d.path || '/mqtt',
      version: d.version,
      clientId: d.clientId.trim(),
      ...(d.username !== '' ? { username: d.username } : {}),
      keepaliveSec: Number(d.keepaliveSec),
      cleanStart: d.cleanStart,
      ...(d.version === '5' && opt(d.sessionExpirySec) ? { sessionExpirySec: Number(d.sessionExpirySec) } : {}),
      reconnect: { enabled: d.reconnect, initialDelayMs: 1_000, maxDelayMs: 30_000 },
      ...(tls ? { tls } : {}),
      ...(d.willEnabled
        ? {
            will: {
              topic: d.willTopic,
              payload: d.willPayload,
              format: d.willFormat,
              qos: d.willQos,
              retain: d.willRetain,
            },
          }
        : {}),
    },
    subscriptions: d.subscriptions,
    templates: d.templates,
    ...(d.notes.trim() ? { notes: d.notes.trim() } : {}),
    ...(Object.keys(tlsFiles).length ? { tlsFiles } : {}),
    secrets: password === undefined ? {} : { password },
  };
};

/** The save request that rewrites a profile as it is (secrets kept), with some fields changed. */
export const profileToSave = (
  p: ProfileView,
  patch: Partial<Pick<ProfileView, 'subscriptions' | 'templates' | 'name'>> = {},
): ProfileSaveRequest => ({
  id: p.id,
  name: patch.name ?? p.name,
  connection: p.connection,
  subscriptions: patch.subscriptions ?? p.subscriptions,
  templates: patch.templates ?? p.templates,
  ...(p.notes !== undefined ? { notes: p.notes } : {}),
  secrets: {},
});
