import { InvalidArgumentError } from 'commander';
import type { QoS } from '../../shared/api/mqtt';
import type { SecretSpec } from './secret-input';

/** Exit codes of `qpy mqtt sub|pub` (also in their --help). */
export const MQTT_EXIT = { ok: 0, error: 1, refused: 2, timeout: 3, usage: 4 } as const;

export const MQTT_PASSWORD: SecretSpec = {
  label: 'password',
  flag: '-P/--password',
  fileFlag: '--password-file',
  envVar: 'QPY_MQTT_PASSWORD',
};

export interface ConnectionFlags {
  host: string;
  port?: number;
  username?: string;
  password?: string;
  passwordFile?: string;
  id?: string;
  keepalive: number;
  tls?: boolean;
  cafile?: string;
  cert?: string;
  key?: string;
  insecure?: boolean;
  protocolVersion: '311' | '5';
  ws?: boolean;
  path: string;
}

export interface SubFlags extends ConnectionFlags {
  topic: string[];
  qos: QoS;
  count?: number;
  timeout?: number;
  verbose?: boolean;
  json?: boolean;
}

export interface PubFlags extends ConnectionFlags {
  topic: string;
  message?: string;
  file?: string;
  stdin?: boolean;
  qos: QoS;
  retain?: boolean;
}

export const parseQos = (value: string): QoS => {
  if (value === '0' || value === '1' || value === '2') return Number(value) as QoS;
  throw new InvalidArgumentError(`"${value}" is not a QoS: use 0, 1 or 2.`);
};
