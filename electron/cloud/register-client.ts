import mqtt, { type IClientOptions } from 'mqtt';
import {
  aliyunHttpsRegisterRequest,
  aliyunRegisterConnect,
  parseAliyunHttpsRegisterReply,
  parseAliyunRegisterReply,
  type AliyunRegisterInput,
  type AliyunRegisterResult,
} from '../../shared/cloud/aliyun-dynreg';
import { ALIYUN_PRODUCT_KEY_PATTERN } from '../../shared/cloud/aliyun';
import { AppError } from '../../shared/errors';

/** Aliyun region ids: cn-shanghai, ap-southeast-1, eu-central-1 … (lower-case words joined by single dashes). */
const REGION_ID_PATTERN = /^[a-z]{2}(?:-[a-z0-9]+){1,3}$/;
const INSTANCE_ID_PATTERN = /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/;

/**
 * The registration host is built from ProductKey, region and instance id: each must be exactly what Aliyun
 * issues, so nothing the user (or a page) types can point the request and the ProductSecret's signature elsewhere.
 */
const checkHostParts = (input: AliyunRegisterInput): void => {
  const bad = (field: string, message: string) =>
    new AppError('INVALID_CREDENTIALS', message, { field, messageKey: `aliyun.${field}` });
  if (!ALIYUN_PRODUCT_KEY_PATTERN.test(input.productKey))
    throw bad('productKey', 'ProductKey is letters and digits only (up to 32): copy it again from the console.');
  if (input.regionId !== undefined && !REGION_ID_PATTERN.test(input.regionId))
    throw bad('regionId', 'Region ID looks like cn-shanghai or ap-southeast-1 (lower-case letters, digits, dashes).');
  if (input.instanceId !== undefined && !INSTANCE_ID_PATTERN.test(input.instanceId))
    throw bad('instanceId', 'Instance ID looks like iot-06z00xxxxxxxx (letters, digits and dashes).');
};

/** The part of fetch the registration needs; the emulator provides one, production passes globalThis.fetch. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => Promise<{
  status: number;
  text(): Promise<string>;
}>;

interface HttpsRegisterDeps {
  fetch?: FetchLike;
  /** Overrides the https://iot-auth.{region}.aliyuncs.com origin (e.g. a local emulator). */
  origin?: string;
}

/** One type, one secret over HTTPS: returns the DeviceSecret the cloud issued. */
export const registerAliyunHttps = async (
  input: AliyunRegisterInput,
  deps: HttpsRegisterDeps = {},
): Promise<{ productKey: string; deviceName: string; deviceSecret: string }> => {
  checkHostParts(input);
  const req = aliyunHttpsRegisterRequest(input);
  const url = deps.origin ? deps.origin.replace(/\/$/, '') + new URL(req.url).pathname : req.url;
  const doFetch = deps.fetch ?? (globalThis.fetch as unknown as FetchLike);
  let res: Awaited<ReturnType<FetchLike>>;
  try {
    res = await doFetch(url, { method: req.method, headers: req.headers, body: req.body });
  } catch (e) {
    const host = new URL(url).host;
    const reason = (e as Error).message;
    throw new AppError('MQTT_ERROR', `Could not reach ${host}: ${reason}. Check the network and the region.`, {
      messageKey: 'aliyunRegister.unreachable',
      host,
      reason,
    });
  }
  const text = await res.text();
  if (res.status !== 200)
    throw new AppError(
      'INVALID_CREDENTIALS',
      `The registration service answered HTTP ${res.status}; check ProductKey and region.`,
      { messageKey: 'aliyunRegister.httpStatus', status: res.status },
    );
  return parseAliyunHttpsRegisterReply(text);
};

interface MqttRegisterDeps {
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
  try {
    checkHostParts(input);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  const c = aliyunRegisterConnect(mode, input);
  const tls = deps.tls ?? true;
  const timeoutMs = deps.timeoutMs ?? 10_000;
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
    connectTimeout: timeoutMs,
    ...(deps.ca ? { ca: deps.ca } : {}),
  };
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(options);
    const timer = setTimeout(
      () =>
        finish(
          new AppError('TIMEOUT', `No registration answer on ${c.replyTopic} within ${timeoutMs / 1000} s.`, {
            messageKey: 'aliyunRegister.timeout',
            topic: c.replyTopic,
            seconds: timeoutMs / 1000,
          }),
        ),
      timeoutMs,
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
              { messageKey: 'aliyunRegister.connack', returnCode: code },
            )
          : new AppError('MQTT_ERROR', `Registration connection failed: ${e.message}`, {
              messageKey: 'aliyunRegister.connectFailed',
              reason: e.message,
            }),
      );
    });
  });
};
