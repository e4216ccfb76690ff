import type { NetworkTarget } from './types';

/** Domains of the MQTT endpoints of the clouds QPY Studio knows (a host matches the domain or any sub-domain). */
export const CLOUD_HOST_DOMAINS = [
  'aliyuncs.com', // Alibaba Cloud IoT: {pk}.iot-as-mqtt.{region}.aliyuncs.com, {instance}.mqtt.iothub.aliyuncs.com
  'heclouds.com', // China Mobile OneNET: mqtts.heclouds.com
  'myhuaweicloud.com', // Huawei IoTDA: {id}.iot-mqtts.{region}.myhuaweicloud.com
  'tencentdevices.com', // Tencent IoT Explorer: {productId}.iotcloud.tencentdevices.com
  'amazonaws.com', // AWS IoT Core: {prefix}-ats.iot.{region}.amazonaws.com
  'azure-devices.net', // Azure IoT Hub: {hub}.azure-devices.net
] as const;

/** One `--redirect` rule: connections to `host` (on `port`, or any port) go to `target`. */
export interface RedirectRule {
  host: string;
  port?: number;
  target: NetworkTarget;
}

const parsePortText = (text: string, what: string, spec: string): number => {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 65535)
    throw new Error(`${what} "${text}" in "${spec}" is not a TCP port (1–65535).`);
  return n;
};

/** `127.0.0.1:1883` → { host, port }. */
export const parseTarget = (spec: string): NetworkTarget => {
  const colon = spec.lastIndexOf(':');
  if (colon <= 0 || colon === spec.length - 1) throw new Error(`"${spec}" is not HOST:PORT (e.g. 127.0.0.1:1883).`);
  return { host: spec.slice(0, colon), port: parsePortText(spec.slice(colon + 1), 'port', spec) };
};

/** `mqtts.heclouds.com:1883=127.0.0.1:1884` or `mqtts.heclouds.com=127.0.0.1:1884` (any port). */
export const parseRedirectRule = (spec: string): RedirectRule => {
  const eq = spec.indexOf('=');
  if (eq <= 0 || eq === spec.length - 1)
    throw new Error(`"${spec}" is not HOST[:PORT]=HOST:PORT (e.g. mqtts.heclouds.com:1883=127.0.0.1:1883).`);
  const from = spec.slice(0, eq);
  const target = parseTarget(spec.slice(eq + 1));
  const colon = from.lastIndexOf(':');
  if (colon < 0) return { host: from.toLowerCase(), target };
  if (colon === 0) throw new Error(`"${spec}" names no host before the port.`);
  return { host: from.slice(0, colon).toLowerCase(), port: parsePortText(from.slice(colon + 1), 'port', spec), target };
};

export const isCloudHost = (host: string): boolean => {
  const h = host.toLowerCase().replace(/\.$/, '');
  return CLOUD_HOST_DOMAINS.some((d) => h === d || h.endsWith(`.${d}`));
};

/**
 * The simulator's networkRedirect for explicit rules (first match wins, exact host) and, optionally, every known
 * cloud host; other connections go where the script says.
 */
export const createNetworkRedirect = (options: {
  rules?: RedirectRule[];
  clouds?: NetworkTarget;
}): ((host: string, port: number) => NetworkTarget) => {
  const rules = options.rules ?? [];
  return (host, port) => {
    const h = host.toLowerCase();
    const rule = rules.find((r) => r.host === h && (r.port === undefined || r.port === port));
    if (rule) return rule.target;
    if (options.clouds && isCloudHost(h)) return options.clouds;
    return { host, port };
  };
};
