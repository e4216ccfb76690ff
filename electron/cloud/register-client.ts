import mqtt, { type IClientOptions } from 'mqtt';
import {
  aliyunHttpsRegisterRequest,
  aliyunRegisterConnect,
  parseAliyunHttpsRegisterReply,
  parseAliyunRegisterReply,
  type AliyunRegisterInput,
  type AliyunRegisterResult,
} from '../../shared/cloud/aliyun-dynreg';
import { AppError } from '../../shared/errors';

/** The part of fetch the registration needs; the emulator provides one, production passes globalThis.fetch. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => Promise<{
  status: number;
  text(): Promise<string>;
}>;

export interface HttpsRegisterDeps {
  fetch?: FetchLike;
  /** Overrides the https://iot-auth.{region}.aliyuncs.com origin (e.g. a local emulator). */
  origin?: string;
}

/** One type, one secret over HTTPS: returns the DeviceSecret the cloud issued. */
export const registerAliyunHttps = async (
  input: AliyunRegisterInput,
  deps: HttpsRegisterDeps = {},
): Promise<{ productKey: string; deviceName: string; deviceSecret: string }> => {
  const req = aliyunHttpsRegisterRequest(input);
  const url = deps.origin ? deps.origin.replace(/\/$/, '') + new URL(req.url).pathname : req.url;
  const doFetch = deps.fetch ?? (globalThis.fetch as unknown as FetchLike);
  let res: Awaited<ReturnType<FetchLike>>;
  try {
    res = await doFetch(url, { method: req.method, headers: req.headers, body: req.body });
  } catch (e) {
    throw new AppError(
      'MQTT_ERROR',
      `Could not reach ${new URL(url).host}: ${(e as Error).message}. Check the network and the region.`,
    );
  }
  const text = await res.text();
  if (res.status !== 200)
    throw new AppError(
      'INVALID_CREDENTIALS',
      `The registration service answered HTTP ${res.status}; check ProductKey and region.`,
    );
  return parseAliyunHttpsRegisterReply(text);
};

export interface MqttRegisterDeps {
  /** Connect somewhere else than the cloud's host (the emulator). */
  host?: string;
  port?: number;
  /** Defaults to true (registration is TLS only); the local emulator runs plain TCP. */
  tls?: boolean;
  ca?: string;
  timeoutMs?: number;
}

/** One type, one secret over MQTT (register or regnwl): connects, waits for the pushed answer, disconnects. */
export const registerAliyunMqtt = (
  mode: 'register' | 'regnwl',
  input: AliyunRegisterInput,
  deps: MqttRegisterDeps = {},
): Promise<AliyunRegisterResult> => {
  const c = aliyunRegisterConnect(mode, input);
  const tls = deps.tls ?? true;
  const options: IClientOptions = {
    host: deps.host ?? c.host,
    port: deps.port ?? c.port,
    protocol: tls ? 'mqtts' : 'mqtt',
    protocolVersion: 4,
    clientId: c.clientId,
    username: c.username,
    password: c.password,
    keepalive: 60,
    reconnectPeriod: 0,
    connectTimeout: deps.timeoutMs ?? 10_000,
    ...(deps.ca ? { ca: deps.ca } : {}),
  };
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(options);
    const timer = setTimeout(
      () =>
        finish(
          new AppError(
            'TIMEOUT',
            `No registration answer on ${c.replyTopic} within ${(deps.timeoutMs ?? 10_000) / 1000} s.`,
          ),
        ),
      deps.timeoutMs ?? 10_000,
    );
    const finish = (result: AliyunRegisterResult | Error) => {
      clearTimeout(timer);
      client.end(true);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    client.on('message', (topic, payload) => {
      if (topic !== c.replyTopic) return;
      try {
        finish(parseAliyunRegisterReply(topic, payload.toString('utf8')));
      } catch (e) {
        finish(e as Error);
      }
    });
    client.on('error', (e) => {
      const code = (e as { code?: number }).code;
      finish(
        typeof code === 'number'
          ? new AppError(
              'MQTT_REFUSED',
              `Aliyun refused the registration (CONNACK ${code}): check ProductKey, ProductSecret, DeviceName and that dynamic registration is on.`,
            )
          : new AppError('MQTT_ERROR', `Registration connection failed: ${e.message}`),
      );
    });
  });
};
