import { z } from 'zod';
import { call } from './define';
import { PAYLOAD_FORMATS } from '../mqtt/payload';
import { localRefSchema } from './local';

/*
 * MQTT console contract: connection profiles, sessions (connect, subscribe, publish), message frames and
 * the embedded broker. MQTT runs in the backend; the UI only sees these calls and events.
 */

const payloadFormatSchema = z.enum(PAYLOAD_FORMATS);
const qosSchema = z.union([z.literal(0), z.literal(1), z.literal(2)]);
export type QoS = z.infer<typeof qosSchema>;

/** MQTT 5 user property; order is kept and a key may repeat. */
const userPropertySchema = z.object({ key: z.string(), value: z.string() }).strict();
export type UserProperty = z.infer<typeof userPropertySchema>;

/** MQTT 5 properties a user can set on a publish (or a will). Ignored on MQTT 3.1.1 sessions. */
const publishPropertiesSchema = z
  .object({
    payloadFormatIndicator: z.boolean().optional(),
    /** Seconds. */
    messageExpiryInterval: z.number().int().min(0).max(0xffffffff).optional(),
    contentType: z.string().optional(),
    responseTopic: z.string().optional(),
    /** Correlation data as typed; `correlationDataFormat` says how to turn it into bytes (default text). */
    correlationData: z.string().optional(),
    correlationDataFormat: z.enum(['text', 'hex', 'base64']).optional(),
    userProperties: z.array(userPropertySchema).optional(),
    topicAlias: z.number().int().min(1).max(0xffff).optional(),
  })
  .strict();
export type PublishProperties = z.infer<typeof publishPropertiesSchema>;

/** MQTT 5 properties as received (or as sent, on 'out' records). Correlation data stays bytes. */
export interface MessageProperties {
  payloadFormatIndicator?: boolean;
  messageExpiryInterval?: number;
  contentType?: string;
  responseTopic?: string;
  correlationData?: Uint8Array;
  userProperties?: UserProperty[];
  topicAlias?: number;
  subscriptionIdentifiers?: number[];
}

const willSchema = z
  .object({
    topic: z.string().min(1),
    payload: z.string().default(''),
    format: payloadFormatSchema.default('text'),
    qos: qosSchema.default(0),
    retain: z.boolean().default(false),
    /** MQTT 5 only: seconds the broker waits before sending the will. */
    delayInterval: z.number().int().min(0).optional(),
    properties: publishPropertiesSchema.optional(),
  })
  .strict();

/** Largest certificate or key file the app takes (a CA bundle of a few hundred certificates fits). */
export const MAX_TLS_FILE_BYTES = 256 * 1024;

/** A certificate or key as text, with the name of the file it came from (for display). Never a path. */
const pemFileSchema = z
  .object({
    /** The picked file's name, e.g. "ca.pem" (no folders). */
    name: z.string().min(1).max(255),
    pem: z
      .string()
      .max(MAX_TLS_FILE_BYTES * 2, 'is too large for a certificate or key')
      .refine((text) => text.includes('-----BEGIN '), 'must be PEM text (-----BEGIN …-----)'),
  })
  .strict();
export type PemFile = z.infer<typeof pemFileSchema>;

/** The file name of a CA certificate that ships with the app (assets/certs), e.g. "aliyun-root-ca.pem". */
const bundledCaSchema = z
  .string()
  .regex(/^[a-z0-9-]{1,64}\.pem$/, 'must name a CA certificate that ships with QPY Studio, e.g. aliyun-root-ca.pem');

export const tlsOptionsSchema = z
  .object({
    /** A CA certificate that ships with the app (the cloud presets); `ca` wins when both are set. */
    caBundled: bundledCaSchema.optional(),
    /** The CA that signed the server certificate (the system store is used when neither CA is set). */
    ca: pemFileSchema.optional(),
    /** Client certificate and key for mutual TLS. */
    cert: pemFileSchema.optional(),
    /** Secret: the client key. Stored encrypted, never shown. */
    key: pemFileSchema.optional(),
    /** Secret: passphrase of the client key. Never shown unless revealed explicitly. */
    keyPassphrase: z.string().optional(),
    /** Server name for SNI and certificate checks (default: the host). */
    servername: z.string().optional(),
    /** Accept a certificate that does not verify (self-signed). The session status then carries a warning. */
    allowInsecure: z.boolean().default(false),
    alpn: z.array(z.string()).optional(),
  })
  .strict();

/** The TLS files a user picks in the profile form, each a grant (see shared/api/local.ts) the backend reads. */
export const TLS_FILE_FIELDS = ['ca', 'cert', 'key'] as const;
export type TlsFileField = (typeof TLS_FILE_FIELDS)[number];

const reconnectOptionsSchema = z
  .object({
    enabled: z.boolean().default(true),
    initialDelayMs: z.number().int().min(100).max(600_000).default(1_000),
    maxDelayMs: z.number().int().min(100).max(3_600_000).default(30_000),
  })
  .strict();

const MQTT_VERSIONS = ['3.1.1', '5'] as const;
export const MQTT_TRANSPORTS = ['mqtt', 'mqtts', 'ws', 'wss'] as const;

/** Everything needed to open a session; also the body of a profile. */
export const connectionOptionsSchema = z
  .object({
    host: z.string().min(1, 'host is required'),
    port: z.number().int().min(1).max(65_535),
    transport: z.enum(MQTT_TRANSPORTS).default('mqtt'),
    /** WebSocket path (ws/wss only). */
    path: z.string().default('/mqtt'),
    version: z.enum(MQTT_VERSIONS).default('3.1.1'),
    /** Empty: a random id "qpy_xxxxxxxx" is made at connect time. */
    clientId: z.string().default(''),
    username: z.string().optional(),
    /** Secret. Never shown unless revealed explicitly. */
    password: z.string().optional(),
    keepaliveSec: z.number().int().min(0).max(65_535).default(60),
    /** Clean session (3.1.1) / clean start (5). */
    cleanStart: z.boolean().default(true),
    /** MQTT 5 only: seconds the broker keeps the session after disconnect. */
    sessionExpirySec: z.number().int().min(0).max(0xffffffff).optional(),
    connectTimeoutMs: z.number().int().min(500).max(120_000).default(10_000),
    reconnect: reconnectOptionsSchema.default({ enabled: true, initialDelayMs: 1_000, maxDelayMs: 30_000 }),
    tls: tlsOptionsSchema.optional(),
    will: willSchema.optional(),
    /** MQTT 5 user properties sent in CONNECT. */
    userProperties: z.array(userPropertySchema).optional(),
  })
  .strict();
export type ConnectionOptions = z.output<typeof connectionOptionsSchema>;
export type ConnectionOptionsInput = z.input<typeof connectionOptionsSchema>;

export const profileSubscriptionSchema = z
  .object({
    topic: z.string().min(1),
    qos: qosSchema.default(0),
    /** CSS colour for messages matching this subscription. */
    color: z.string().optional(),
    alias: z.string().optional(),
    /** Still subscribed, but the UI hides its messages. */
    muted: z.boolean().default(false),
  })
  .strict();
export type ProfileSubscription = z.infer<typeof profileSubscriptionSchema>;

export const publishTemplateSchema = z
  .object({
    name: z.string().min(1),
    topic: z.string().min(1),
    payload: z.string().default(''),
    format: payloadFormatSchema.default('text'),
    qos: qosSchema.default(0),
    retain: z.boolean().default(false),
    properties: publishPropertiesSchema.optional(),
  })
  .strict();
export type PublishTemplate = z.infer<typeof publishTemplateSchema>;

/** A saved connection as stored by the backend (secrets included, decrypted). */
export const profileSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1, 'name is required'),
    connection: connectionOptionsSchema,
    subscriptions: z.array(profileSubscriptionSchema).default([]),
    templates: z.array(publishTemplateSchema).default([]),
    /** Free text, e.g. which cloud wizard made it. */
    notes: z.string().optional(),
    createdAt: z.number().int().default(0),
    updatedAt: z.number().int().default(0),
  })
  .strict();
export type Profile = z.output<typeof profileSchema>;

/** The names of the secret fields a profile can hold (the client key's text is one). */
export const PROFILE_SECRET_FIELDS = ['password', 'keyPassphrase', 'clientKey'] as const;
type ProfileSecretField = (typeof PROFILE_SECRET_FIELDS)[number];
/** The secrets the UI may reveal (the client key is used only by the backend). */
export const REVEALABLE_SECRET_FIELDS = ['password', 'keyPassphrase'] as const;

/**
 * A profile as the UI sees it: secrets are removed and replaced by flags. Use profileRevealSecret to show one.
 */
export type ProfileView = Omit<Profile, 'connection'> & {
  connection: Omit<ConnectionOptions, 'password' | 'tls'> & {
    tls?: Omit<NonNullable<ConnectionOptions['tls']>, 'keyPassphrase' | 'key'> & {
      /** The client key's file name; its text stays in the backend. */
      keyName?: string;
    };
  };
  /**
   * Which secrets are saved (`clientKey` only when one is); `unreadable` lists saved ones that cannot be
   * decrypted (key lost): enter them again.
   */
  secrets: { password: boolean; keyPassphrase: boolean; clientKey?: boolean; unreadable?: ProfileSecretField[] };
};

/** A TLS file the user picked for a profile (a grant), which the backend reads. */
const pickedFileSchema = localRefSchema;

/**
 * Saving a profile: `id` absent creates one. For a secret field, `undefined` keeps the stored value,
 * `null` clears it, a string replaces it (so the UI never needs to hold an unrevealed secret).
 */
export const profileSaveSchema = z
  .object({
    id: z.string().min(1).optional(),
    name: z.string().min(1, 'name is required'),
    connection: connectionOptionsSchema.omit({ password: true, tls: true }).extend({
      tls: tlsOptionsSchema
        .omit({ keyPassphrase: true, key: true })
        .extend({ keyName: z.string().max(255).optional() })
        .optional(),
    }),
    /**
     * Newly picked TLS files (the backend reads, checks and stores their text; `ca`/`cert` replace those in
     * `connection.tls`). For `key`: absent keeps the saved key, null removes it.
     */
    tlsFiles: z
      .object({
        ca: pickedFileSchema.optional(),
        cert: pickedFileSchema.optional(),
        key: pickedFileSchema.nullable().optional(),
      })
      .strict()
      .optional(),
    subscriptions: z.array(profileSubscriptionSchema).default([]),
    templates: z.array(publishTemplateSchema).default([]),
    notes: z.string().optional(),
    secrets: z
      .object({
        password: z.string().nullable().optional(),
        keyPassphrase: z.string().nullable().optional(),
      })
      .strict()
      .default({}),
  })
  .strict();
export type ProfileSaveRequest = z.input<typeof profileSaveSchema>;

export type SessionState = 'connecting' | 'connected' | 'reconnecting' | 'refused' | 'error' | 'closed';

export interface SubscriptionState {
  topic: string;
  qos: QoS;
  /** The QoS the broker granted; null while pending, 'failed' (with reason) when refused. */
  granted: QoS | null | 'failed';
  failureReason?: string;
}

export interface SessionStatus {
  sessionId: string;
  profileId?: string;
  /** "host:port" (with transport), for titles. */
  label: string;
  clientId: string;
  version: '3.1.1' | '5';
  state: SessionState;
  /** When the state began (ms since epoch). */
  since: number;
  /** Failed attempts since the last successful connection. */
  attempt: number;
  /** When state is 'reconnecting': when the next attempt starts (ms since epoch). */
  nextAttemptAt?: number;
  /**
   * When state is 'refused': the CONNACK code, its name and what to do; `cause` is the real reason when the
   * embedded broker's cloud emulator refused (e.g. "signature does not match"), which a CONNACK code cannot carry.
   */
  refusal?: { code: number; reason: string; hint: string; cause?: string };
  /** 'observer': watching the emulated cloud as its application side, not an MQTT connection of its own. */
  mode?: 'observer';
  /** When state is 'error' (or while reconnecting after one): what went wrong. */
  error?: { code: string; message: string };
  /** True when certificate checks are off (self-signed allowed): the UI shows a warning. */
  insecureTls: boolean;
  subscriptions: SubscriptionState[];
  /** What the broker said in its CONNACK (MQTT 5), e.g. maximum packet size. */
  server?: {
    sessionPresent: boolean;
    maximumPacketSize?: number;
    topicAliasMaximum?: number;
    receiveMaximum?: number;
    assignedClientId?: string;
    serverKeepAlive?: number;
    maximumQoS?: number;
    retainAvailable?: boolean;
  };
}

/** Observer sessions: what the emulated cloud saw or did, as its own message trace shows it. */
export interface TraceInfo {
  kind:
    | 'uplink'
    | 'reply'
    | 'downlink'
    | 'register'
    | 'publish.denied'
    | 'subscribe.denied'
    | 'connect.accepted'
    | 'connect.refused';
  /** The device's client id, when the event belongs to one. */
  clientId?: string;
  /** Set when the cloud did not accept or deliver it: why, e.g. "dropped: topic not allowed for device". */
  dropped?: string;
  /** Anything else the cloud said (e.g. the CONNACK code of a refusal). */
  note?: string;
}

/** One MQTT message crossing the session: downlink ('in') or uplink ('out'). */
export interface MqttRecord {
  /** Monotonic per session, starts at 1; shared by 'in' and 'out'. */
  id: number;
  sessionId: string;
  direction: 'in' | 'out';
  /** ms since epoch: arrival ('in') or hand-over to the client ('out'). */
  time: number;
  topic: string;
  qos: QoS;
  retain: boolean;
  dup: boolean;
  /** The payload, cut to the frame limit when `truncated`. */
  payload: Uint8Array;
  /** Full payload length in bytes. */
  size: number;
  /** True when `payload` is only the start; call mqttFullPayload for the rest. */
  truncated: boolean;
  properties?: MessageProperties;
  /**
   * Observer sessions only. There 'in' is what reached the cloud (the device's uplinks, its connects) and 'out'
   * what the cloud sent (replies, downlinks).
   */
  trace?: TraceInfo;
}

/** Another holder of a client id: connecting with it would kick one of the two off the broker. */
export interface ClientIdConflict {
  /** 'broker': a client connected to the embedded broker right now (often the module); 'session': an open console session; 'profile': another saved connection. */
  kind: 'broker' | 'session' | 'profile';
  /** The profile's or session's name (or the broker client's address). */
  name: string;
}

/** A batch of records for one session (emitted every ~33 ms or when full, never one event per message). */
export interface MqttMessageFrame {
  sessionId: string;
  /** Frame number within the session, from 1, no gaps. */
  seq: number;
  records: MqttRecord[];
  /** Cumulative counts at the end of this frame: in + out = sum of records.length over all frames so far. */
  totals: { in: number; out: number; frames: number; bytes: number };
}

export interface BrokerStatus {
  state: 'stopped' | 'starting' | 'running' | 'error';
  host: string;
  /** The real port (the next free one when the asked port was taken). */
  port?: number;
  wsPort?: number;
  /** Port asked for, to show "1883 was busy, using 1884". */
  requestedPort?: number;
  clients: number;
  retainedCount: number;
  /** Where retained messages are kept. */
  dataFile?: string;
  error?: string;
  /** True when a cloud emulator has attached (authentication and replies like a cloud). */
  emulator?: string;
}

const empty = z.object({}).strict();
const sessionRef = z.object({ sessionId: z.string().min(1) }).strict();

export const mqttCalls = {
  profilesList: call(empty).returns<ProfileView[]>(),
  profileSave: call(profileSaveSchema).returns<ProfileView>(),
  profileDelete: call(z.object({ id: z.string().min(1) }).strict()).returns<void>(),
  profileDuplicate: call(
    z.object({ id: z.string().min(1), name: z.string().min(1).optional() }).strict(),
  ).returns<ProfileView>(),
  /** `json` is the text of an export (one profile or a list); every profile gets a new id. */
  profilesImport: call(z.object({ json: z.string().min(1) }).strict()).returns<ProfileView[]>(),
  /** Secrets are left out unless `includeSecrets` (then they are in plain text in the JSON: warn the user). */
  profilesExport: call(
    z.object({ ids: z.array(z.string()).optional(), includeSecrets: z.boolean().default(false) }).strict(),
  ).returns<{ json: string; count: number }>(),
  profileRevealSecret: call(
    z.object({ id: z.string().min(1), field: z.enum(REVEALABLE_SECRET_FIELDS) }).strict(),
  ).returns<{ value: string | null }>(),

  /**
   * Opens a session from a saved profile (subscribing its subscriptions) or inline options.
   * Resolves after the first outcome (connected, refused, error or first retry); never fails on refusal:
   * the status says why.
   */
  mqttConnect: call(
    z
      .object({
        profileId: z.string().min(1).optional(),
        options: connectionOptionsSchema.optional(),
      })
      .strict()
      .refine((r) => (r.profileId === undefined) !== (r.options === undefined), {
        message: 'give exactly one of profileId or options',
      }),
  ).returns<SessionStatus>(),
  /**
   * Opens an observer session on the running cloud emulator: every uplink, reply, downlink, connect and denial
   * arrives as records (with `trace`); publishing on it sends as the cloud does (to the device's downlink topics
   * only). NOT_FOUND when no emulator runs.
   */
  mqttObserve: call(z.object({ profileId: z.string().min(1).optional() }).strict()).returns<SessionStatus>(),
  /** Who else uses `clientId` on that broker: its connected clients (embedded broker), open sessions, other profiles. */
  mqttClientIdCheck: call(
    z
      .object({
        host: z.string().min(1),
        port: z.number().int().min(1).max(65_535),
        clientId: z.string().min(1),
        profileId: z.string().min(1).optional(),
      })
      .strict(),
  ).returns<{ conflicts: ClientIdConflict[] }>(),
  mqttDisconnect: call(sessionRef).returns<void>(),
  mqttSessions: call(empty).returns<SessionStatus[]>(),
  mqttSubscribe: call(
    z
      .object({
        sessionId: z.string().min(1),
        topic: z.string(),
        qos: qosSchema.default(0),
        /** MQTT 5 subscription options. */
        noLocal: z.boolean().optional(),
        retainAsPublished: z.boolean().optional(),
        retainHandling: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
      })
      .strict(),
  ).returns<SubscriptionState>(),
  mqttUnsubscribe: call(z.object({ sessionId: z.string().min(1), topic: z.string() }).strict()).returns<void>(),
  /**
   * Publishes; resolves when the broker acknowledged (QoS 1/2) or the packet was written (QoS 0).
   * While reconnecting, QoS 1/2 messages are queued (`queued: true`) and sent after the reconnection.
   */
  mqttPublish: call(
    z
      .object({
        sessionId: z.string().min(1),
        topic: z.string(),
        payload: z.string().default(''),
        format: payloadFormatSchema.default('text'),
        qos: qosSchema.default(0),
        retain: z.boolean().default(false),
        properties: publishPropertiesSchema.optional(),
      })
      .strict(),
  ).returns<{ recordId: number; queued: boolean }>(),
  /** The whole payload of a truncated record. */
  mqttFullPayload: call(
    z.object({ sessionId: z.string().min(1), messageId: z.number().int().min(1) }).strict(),
  ).returns<{ size: number; payload: Uint8Array }>(),

  brokerStatus: call(empty).returns<BrokerStatus>(),
  brokerStart: call(
    z
      .object({
        host: z.string().optional(),
        port: z.number().int().min(0).max(65_535).optional(),
        wsPort: z.number().int().min(0).max(65_535).optional(),
      })
      .strict(),
  ).returns<BrokerStatus>(),
  brokerStop: call(empty).returns<BrokerStatus>(),
};

export interface MqttEvents {
  'mqtt.status': SessionStatus;
  'mqtt.messages': MqttMessageFrame;
  'broker.status': BrokerStatus;
  /** The saved profiles changed (saved, deleted, imported): reload the list. */
  'mqtt.profiles': { profiles: ProfileView[] };
}
