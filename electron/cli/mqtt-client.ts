import { readFile } from 'node:fs/promises';
import {
  connectionOptionsSchema,
  type ConnectionOptions,
  type MqttRecord,
  type SessionStatus,
} from '../../shared/api/mqtt';
import { isAppError } from '../../shared/errors';
import { bytesToBase64, utf8DecodeStrict } from '../../shared/mqtt/payload';
import { SessionManager } from '../mqtt/session-manager';
import { loadTlsFile } from '../mqtt/tls-files';
import { MQTT_EXIT, MQTT_PASSWORD, type ConnectionFlags, type PubFlags, type SubFlags } from './mqtt-flags';
import { readSecret, SecretInputError } from './secret-input';
import { safeText } from './terminal-safe';

class CliExit extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** --cafile/--cert/--key are the user's own paths (their shell), read through the app's certificate checks. */
const tlsFilesOf = async (f: ConnectionFlags) => {
  try {
    return {
      ...(f.cafile ? { ca: await loadTlsFile('ca', f.cafile) } : {}),
      ...(f.cert ? { cert: await loadTlsFile('cert', f.cert) } : {}),
      ...(f.key ? { key: await loadTlsFile('key', f.key) } : {}),
    };
  } catch (error) {
    throw new CliExit(MQTT_EXIT.error, (error as Error).message);
  }
};

const toConnection = async (f: ConnectionFlags, password: string | undefined): Promise<ConnectionOptions> => {
  const tls = Boolean(f.tls || f.cafile || f.cert || f.insecure);
  const transport = f.ws ? (tls ? 'wss' : 'ws') : tls ? 'mqtts' : 'mqtt';
  const parsed = connectionOptionsSchema.safeParse({
    host: f.host,
    port: f.port ?? (tls ? 8883 : 1883),
    transport,
    path: f.path,
    version: f.protocolVersion === '5' ? '5' : '3.1.1',
    clientId: f.id ?? '',
    keepaliveSec: f.keepalive,
    reconnect: { enabled: false },
    ...(f.username !== undefined ? { username: f.username } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(tls
      ? {
          tls: {
            allowInsecure: Boolean(f.insecure),
            ...(await tlsFilesOf(f)),
          },
        }
      : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliExit(MQTT_EXIT.usage, `invalid option ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`);
  }
  return parsed.data;
};

const failureOf = (status: SessionStatus): CliExit | undefined => {
  if (status.state === 'refused' && status.refusal) {
    const r = status.refusal;
    return new CliExit(MQTT_EXIT.refused, `connection refused: ${r.reason} (code ${r.code}). ${r.hint}`);
  }
  if (status.state === 'error' || status.state === 'reconnecting' || status.state === 'closed') {
    const code = status.error?.code === 'TIMEOUT' ? MQTT_EXIT.timeout : MQTT_EXIT.error;
    return new CliExit(code, status.error?.message ?? `connection ${status.state}`);
  }
  return undefined;
};

const runSession = async (
  flags: ConnectionFlags,
  body: (ctx: {
    manager: SessionManager;
    status: SessionStatus;
    onRecords: (fn: (r: MqttRecord[]) => void) => void;
    lost: Promise<CliExit>;
  }) => Promise<void>,
): Promise<void> => {
  const password = await readSecret(MQTT_PASSWORD, { value: flags.password, file: flags.passwordFile });
  const connection = await toConnection(flags, password);
  let recordsListener: (r: MqttRecord[]) => void = () => undefined;
  let markLost: (e: CliExit) => void = () => undefined;
  const lost = new Promise<CliExit>((resolve) => (markLost = resolve));
  let connected = false;
  const manager = new SessionManager({
    onFrame: (frame) => recordsListener(frame.records),
    onStatus: (status) => {
      if (connected && status.state !== 'connected') {
        markLost(failureOf(status) ?? new CliExit(MQTT_EXIT.error, 'the connection closed'));
      }
    },
    frameIntervalMs: 5,
  });
  try {
    if (flags.insecure) process.stderr.write('qpy: warning: the server certificate is not verified (--insecure).\n');
    const status = await manager.open(connection);
    const failure = failureOf(status);
    if (failure) throw failure;
    connected = true;
    await body({ manager, status, onRecords: (fn) => (recordsListener = fn), lost });
  } finally {
    connected = false;
    await manager.closeAll();
  }
};

const formatRecord = (r: MqttRecord, opts: { json?: boolean; verbose?: boolean }): string => {
  const textPayload = utf8DecodeStrict(r.payload);
  if (opts.json) {
    return JSON.stringify({
      topic: r.topic,
      ...(textPayload === null ? { payload: bytesToBase64(r.payload), encoding: 'base64' } : { payload: textPayload }),
      qos: r.qos,
      retain: r.retain,
      time: new Date(r.time).toISOString(),
      ...(r.truncated ? { truncated: true, size: r.size } : {}),
    });
  }
  const shown = textPayload ?? bytesToBase64(r.payload);
  return opts.verbose ? `${r.topic} ${shown}` : shown;
};

const withExit = (action: () => Promise<void>) => async () => {
  try {
    await action();
  } catch (error) {
    const exit =
      error instanceof CliExit
        ? error
        : error instanceof SecretInputError
          ? new CliExit(MQTT_EXIT.error, error.message)
          : new CliExit(
              isAppError(error) && error.code === 'TIMEOUT' ? MQTT_EXIT.timeout : MQTT_EXIT.error,
              (error as Error).message,
            );
    process.stderr.write(`qpy mqtt: ${safeText(exit.message)}\n`);
    process.exitCode = exit.exitCode;
  }
};

const readStdin = async (): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/** `qpy mqtt sub`. */
export const subscribe = (flags: SubFlags): Promise<void> =>
  withExit(() =>
    runSession(flags, async ({ manager, status, onRecords, lost }) => {
      let printed = 0;
      let finish: () => void = () => undefined;
      const done = new Promise<void>((resolve) => (finish = resolve));
      onRecords((records) => {
        for (const r of records) {
          if (r.direction !== 'in' || (flags.count !== undefined && printed >= flags.count)) continue;
          process.stdout.write(formatRecord(r, flags) + '\n');
          printed++;
          if (flags.count !== undefined && printed >= flags.count) finish();
        }
      });
      const session = manager.get(status.sessionId);
      for (const topic of flags.topic) {
        const granted = await session.subscribe(topic, flags.qos);
        if (granted.granted === 'failed')
          throw new CliExit(MQTT_EXIT.refused, `subscription to "${topic}" refused: ${granted.failureReason}`);
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<CliExit>((resolve) => {
        if (flags.timeout !== undefined) {
          const secs = flags.timeout;
          timer = setTimeout(
            () => resolve(new CliExit(MQTT_EXIT.timeout, `timed out after ${secs} s (${printed} message(s) received)`)),
            secs * 1000,
          );
        }
      });
      const stop = new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      const outcome = await Promise.race([done, stop, lost, timedOut]);
      if (timer) clearTimeout(timer);
      if (outcome instanceof CliExit) throw outcome;
    }),
  )();

/** `qpy mqtt pub`. */
export const publish = (flags: PubFlags): Promise<void> =>
  withExit(async () => {
    const sources = [flags.message !== undefined, flags.file !== undefined, Boolean(flags.stdin)].filter(
      Boolean,
    ).length;
    if (sources !== 1) throw new CliExit(MQTT_EXIT.usage, 'give exactly one of -m MESSAGE, -f FILE or -s (stdin).');
    if (flags.stdin && flags.password === '-')
      throw new CliExit(
        MQTT_EXIT.usage,
        'standard input cannot carry both the message (-s) and the password (-P -): use --password-file or QPY_MQTT_PASSWORD.',
      );
    const payload =
      flags.message !== undefined
        ? Buffer.from(flags.message, 'utf8')
        : flags.file !== undefined
          ? await readFile(flags.file).catch((e: Error) => {
              throw new CliExit(MQTT_EXIT.error, `cannot read ${flags.file}: ${e.message}`);
            })
          : await readStdin();
    await runSession(flags, async ({ manager, status }) => {
      await manager.publish(status.sessionId, {
        topic: flags.topic,
        payload: payload.toString('base64'),
        format: 'base64',
        qos: flags.qos,
        retain: Boolean(flags.retain),
      });
    });
  })();
