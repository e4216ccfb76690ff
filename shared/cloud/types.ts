/** Clouds the credential wizard knows. */
export type CloudId = 'aliyun' | 'onenet' | 'huawei' | 'tencent' | 'azure' | 'aws' | 'thingsboard' | 'generic';

/** Clouds the offline emulator can impersonate. */
export type EmulatedCloudId = 'aliyun' | 'onenet' | 'huawei';

export interface Bilingual {
  en: string;
  zh: string;
}

/** One form field of a cloud's wizard, labelled as the cloud's console labels it. */
export interface CloudField {
  id: string;
  label: string;
  /** The label the cloud's Chinese console shows, so users can find the value. */
  labelZh: string;
  kind: 'text' | 'secret' | 'select' | 'number' | 'textarea';
  required: boolean;
  options?: Array<{ value: string; label: string }>;
  default?: string;
  placeholder?: string;
  help?: Bilingual;
}

/** What a form sends: every value is a string, empty or missing means "not given". */
export type CloudInput = Readonly<Record<string, string | undefined>>;

/** A cloud's keepalive bounds, in seconds, and the value its guide recommends. */
export interface KeepaliveLimits {
  min: number;
  max: number;
  recommended: number;
}

/** One of the cloud's topics, filled in for the device. */
export interface CloudTopic {
  name: string;
  /** up = device publishes, down = device subscribes. */
  direction: 'up' | 'down';
  /** The concrete topic; `{request_id}`-style placeholders stay where the cloud fills them per message. */
  topic: string;
  /** For down topics: the filter to subscribe with (may hold + or #). */
  filter?: string;
  description: Bilingual;
  /** An example payload in the cloud's format. */
  example?: string;
}

export interface CloudCredentials {
  cloud: CloudId;
  host: string;
  port: number;
  tls: boolean;
  clientId: string;
  username: string;
  password: string;
  /** Unix seconds after which the cloud refuses the password (OneNET `et`, Tencent expiry, Azure `se`). */
  expiresAt?: number;
  keepalive: KeepaliveLimits;
  /** The cloud requires clean session = 1 (OneNET). */
  cleanSessionRequired?: boolean;
  /** Root CA bundle in assets/certs/ to verify the server with when tls is on. */
  caBundled?: string;
  /** TLS ALPN protocols (AWS on port 443). */
  alpn?: string[];
  /** Client certificate and key (PEM) for clouds that authenticate by X.509 (AWS). */
  clientCertificate?: string;
  clientKey?: string;
  topics: CloudTopic[];
  /** Short facts the user should know (e.g. "the token expires in 2033"). */
  notes?: Bilingual[];
}

export interface CloudDefinition {
  id: CloudId;
  name: string;
  nameZh: string;
  fields: CloudField[];
  /** Validates the form and computes the connection; throws AppError('INVALID_CREDENTIALS') naming the field. */
  compute(input: CloudInput, nowMs: number): CloudCredentials;
  docsUrl?: string;
}

/** What an emulator sees of a CONNECT. */
export interface ConnectAttempt {
  clientId: string;
  username: string | undefined;
  password: string | undefined;
  keepalive: number;
  cleanSession: boolean;
}

/** MQTT 3.1.1 CONNACK return codes a cloud sends when it refuses. */
export type RefuseCode = 1 | 2 | 3 | 4 | 5;

export type ConnectVerdict = { ok: true; note?: string } | { ok: false; returnCode: RefuseCode; reason: string };

/** Something an emulated cloud did, for the UI log and tests. Never carries secrets (no passwords). */
export interface EmulatorEvent {
  at: number;
  kind:
    | 'connect.accepted'
    | 'connect.refused'
    | 'publish.denied'
    | 'subscribe.denied'
    | 'uplink'
    | 'reply'
    | 'downlink'
    | 'register';
  clientId?: string;
  topic?: string;
  returnCode?: number;
  reason?: string;
  payload?: string;
}
