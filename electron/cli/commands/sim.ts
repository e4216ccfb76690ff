import { InvalidArgumentError, type Command } from 'commander';
import {
  CLOUD_HOST_DOMAINS,
  createNetworkRedirect,
  parseRedirectRule,
  parseTarget,
  type RedirectRule,
} from '../../sim/network-redirect';
import { SIM_FIRMWARES, SIM_MODELS, type SimFirmware, type SimModel } from '../../sim/types';

interface SimFlags {
  link: string;
  firmware: string;
  model: string;
  baud?: string;
  rawPaste: boolean;
  fs?: string;
  flashSize?: string;
  main: boolean;
  redirect: RedirectRule[];
  redirectClouds?: string;
}

const positiveInt = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number, got "${text}".`);
  return n;
};

const pick = <T extends string>(name: string, value: string, allowed: readonly T[]): T => {
  const found = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (!found) throw new Error(`--${name} must be one of ${allowed.join(', ')}, got "${value}".`);
  return found;
};

const CLOUD_LIST = CLOUD_HOST_DOMAINS.map((d) => `*.${d}`).join(', ');

const parseRule = (spec: string): RedirectRule => {
  try {
    return parseRedirectRule(spec);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
};

const parseCloudTarget = (spec: string) => {
  try {
    return parseTarget(spec);
  } catch (e) {
    throw new Error(`--redirect-clouds: ${(e as Error).message}`);
  }
};

export const registerSimCommands = (program: Command): void => {
  program
    .command('sim')
    .description('Run a simulated QuecPython module on a pseudo-terminal that any serial program can open')
    .requiredOption('--link <path>', 'pty path to create, e.g. /tmp/ttyQPY')
    .option('--firmware <kind>', `firmware: ${SIM_FIRMWARES.join(' or ')}`, 'modern')
    .option('--model <model>', `module model: ${SIM_MODELS.join(', ')}`, 'EC600N')
    .option('--baud <n>', 'emulate an N-baud UART (default: USB speed)')
    .option('--no-raw-paste', 'answer the raw-paste probe with R\\x00 as firmware without raw-paste does')
    .option('--fs <dir>', 'host folder mirrored with the module /usr and /bak')
    .option('--flash-size <bytes>', 'size of /usr in bytes (default 1048576)')
    .option('--no-main', 'do not run /usr/main.py at boot')
    .option(
      '--redirect <rule>',
      'send connections to HOST[:PORT] to another HOST:PORT, e.g. mqtts.heclouds.com:1883=127.0.0.1:1883 (repeatable)',
      (spec: string, rules: RedirectRule[]) => [...rules, parseRule(spec)],
      [] as RedirectRule[],
    )
    .option(
      '--redirect-clouds <host:port>',
      `send connections to every known cloud host (${CLOUD_LIST}) to HOST:PORT, e.g. a qpy broker --cloud`,
    )
    .action(async (flags: SimFlags) => {
      const model: SimModel = pick('model', flags.model, SIM_MODELS);
      const firmware: SimFirmware = pick('firmware', flags.firmware, SIM_FIRMWARES);
      const baud = positiveInt('baud', flags.baud);
      const flashSize = positiveInt('flash-size', flags.flashSize);
      const clouds = flags.redirectClouds === undefined ? undefined : parseCloudTarget(flags.redirectClouds);
      const redirecting = flags.redirect.length > 0 || clouds !== undefined;
      const { startSimulatorPty } = await import('../../sim/pty');
      const pty = await startSimulatorPty({
        link: flags.link,
        model,
        firmware,
        rawPaste: flags.rawPaste,
        runMainOnBoot: flags.main,
        ...(baud ? { baud } : {}),
        ...(flashSize ? { flashSize } : {}),
        ...(flags.fs ? { fsDir: flags.fs } : {}),
        ...(redirecting ? { networkRedirect: createNetworkRedirect({ rules: flags.redirect, clouds }) } : {}),
      });
      process.stdout.write(
        `Simulated ${model} (QuecPython, ${firmware} firmware) on ${pty.path}${baud ? ` at ${baud} baud` : ''} — Ctrl-C to stop\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void pty.close().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
};
