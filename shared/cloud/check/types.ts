import type { Bilingual, CloudId } from '../types';

/** What a user pastes: the three CONNECT fields and, optionally, the secret they were made with. */
export interface CredentialCheckInput {
  clientId: string;
  username: string;
  password: string;
  /** The device secret / access_key / PSK / shared access key; without it only the format is checked. */
  secret?: string;
}

/** One decoded part of the client id, user name or password. */
export interface DecodedPart {
  /** Where it comes from and what it is, e.g. `password.et`. */
  key: string;
  label: Bilingual;
  value: string;
  /** What the value means (a date, "not checked by the cloud", …). */
  note?: Bilingual;
}

type SignatureVerdict =
  /** The secret reproduces the password. */
  | 'valid'
  /** The secret does not reproduce the password (see `diagnosis`). */
  | 'invalid'
  /** No secret given. */
  | 'unchecked'
  /** The fields are too malformed to compute a signature from (see `problems`). */
  | 'undecodable';

/** The input that most likely differs from what was signed, found by trying plausible variants. */
export interface Diagnosis {
  /** The input that differs, e.g. `deviceName`, `method`, `secret`, `et`. */
  input: string;
  message: Bilingual;
}

export interface CredentialCheckResult {
  cloud: CloudId;
  parts: DecodedPart[];
  /** Unix seconds after which the cloud refuses the password, where the format carries one. */
  expiresAt?: number;
  expired: boolean;
  /** Format problems the cloud refuses regardless of the signature (inconsistent ids, unknown method, …). */
  problems: Bilingual[];
  signature: SignatureVerdict;
  /** Set when the signature does not match: the variant that does, or what to check when none does. */
  diagnosis?: Diagnosis;
}

/** The clouds `checkCredentials` understands. */
export const CHECKABLE_CLOUDS = ['onenet', 'aliyun', 'huawei', 'tencent', 'azure'] as const;
export type CheckableCloud = (typeof CHECKABLE_CLOUDS)[number];
