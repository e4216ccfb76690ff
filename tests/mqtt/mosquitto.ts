import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from './helpers';

interface MosquittoOptions {
  dir: string;
  /** Require this user name and password (anonymous refused). */
  user?: { name: string; password: string };
  /** Also listen with TLS using these PEM files. */
  tls?: { caFile: string; certFile: string; keyFile: string };
  /** More mosquitto.conf lines (global settings). */
  extraConfig?: string[];
}

export interface Mosquitto {
  port: number;
  tlsPort?: number;
  stop(): Promise<void>;
}

const waitForPort = async (port: number, child: ChildProcess, log: () => string): Promise<void> => {
  const end = Date.now() + 10_000;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`mosquitto exited: ${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`mosquitto did not listen on ${port}: ${log()}`);
};

/** Starts /usr/sbin/mosquitto with a generated config on free ports. */
export const startMosquitto = async (o: MosquittoOptions): Promise<Mosquitto> => {
  const port = await freePort();
  const tlsPort = o.tls ? await freePort() : undefined;
  const lines = ['user root', 'persistence false', 'log_dest stderr', 'per_listener_settings false'];
  if (o.user) {
    const file = join(o.dir, 'passwd');
    await writeFile(file, '');
    execFileSync('mosquitto_passwd', ['-b', file, o.user.name, o.user.password]);
    lines.push('allow_anonymous false', `password_file ${file}`);
  } else {
    lines.push('allow_anonymous true');
  }
  lines.push(...(o.extraConfig ?? []), `listener ${port} 127.0.0.1`);
  if (o.tls && tlsPort) {
    lines.push(
      `listener ${tlsPort} 127.0.0.1`,
      `cafile ${o.tls.caFile}`,
      `certfile ${o.tls.certFile}`,
      `keyfile ${o.tls.keyFile}`,
    );
  }
  const config = join(o.dir, `mosquitto-${port}.conf`);
  await writeFile(config, lines.join('\n') + '\n');
  const child = spawn('/usr/sbin/mosquitto', ['-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  await waitForPort(port, child, () => stderr);
  if (tlsPort) await waitForPort(tlsPort, child, () => stderr);
  return {
    port,
    ...(tlsPort ? { tlsPort } : {}),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
};

/** A CA and a server certificate for 127.0.0.1/localhost made with the openssl CLI. */
export const makeTestCertificates = (dir: string) => {
  const p = (name: string) => join(dir, name);
  const run = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  run([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    p('ca.key'),
    '-out',
    p('ca.crt'),
    '-days',
    '2',
    '-subj',
    '/CN=QPY Test CA',
  ]);
  run([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    p('server.key'),
    '-out',
    p('server.csr'),
    '-subj',
    '/CN=localhost',
  ]);
  execFileSync('sh', ['-c', `printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n' > '${p('ext.cnf')}'`]);
  run([
    'x509',
    '-req',
    '-in',
    p('server.csr'),
    '-CA',
    p('ca.crt'),
    '-CAkey',
    p('ca.key'),
    '-CAcreateserial',
    '-out',
    p('server.crt'),
    '-days',
    '2',
    '-extfile',
    p('ext.cnf'),
  ]);
  return { caFile: p('ca.crt'), certFile: p('server.crt'), keyFile: p('server.key'), caKeyFile: p('ca.key') };
};
