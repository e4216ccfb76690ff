import type { DeviceProgress } from '../../shared/api/device';
import { AppError } from '../../shared/errors';
import { createDefaultBinding } from '../device/binding';
import { DeviceManager } from '../device/manager';
import { checkSerialPortPath } from '../device/port-path-check';
import { createPortsService } from '../services/ports';
import { listNativePorts } from '../services/serial-binding';
import { errorOf, printJson, writeError } from './output';
import type { PortFlags } from './port-flags';
import { progressBar } from './progress-bar';
import { safeName, safeText } from './terminal-safe';
import { createFileProbeCache } from '../device/probe-cache';
import { defaultDataDir } from '../services/data-dir';

/** The same check as the app's: a file or a disk given as -p is refused with PORT_NOT_SERIAL before it is opened. */
const openSerial = async (manager: DeviceManager, port: string): Promise<void> => {
  await checkSerialPortPath(port);
  await manager.open(port);
};

/** Expands -p flags: "all-quectel" becomes every Quectel REPL port plugged in. */
const resolvePorts = async (flags: PortFlags): Promise<string[]> => {
  const wanted = flags.port ?? [];
  if (!wanted.length) throw new AppError('BAD_REQUEST', 'Name the module\'s port with -p (see "qpy ports").');
  const out: string[] = [];
  for (const p of wanted) {
    if (p !== 'all-quectel') {
      out.push(p);
      continue;
    }
    const ports = await createPortsService({ list: listNativePorts }).list();
    const quectel = ports.filter((x) => x.vendorId === '2c7c' && x.role === 'repl').map((x) => x.path);
    if (!quectel.length)
      throw new AppError('PORT_NOT_FOUND', 'No Quectel REPL port is plugged in (qpy ports lists what is there).');
    out.push(...quectel);
  }
  return [...new Set(out)];
};

/** A manager over the native ports and the in-process simulator; `end` closes every port and powers simulators off. */
const newManager = (flags: PortFlags) => {
  const binding = createDefaultBinding();
  const manager = new DeviceManager({
    binding: () => binding,
    baudRate: flags.baud,
    probeCache: createFileProbeCache(defaultDataDir()),
    leaveRawUntilNeeded: true,
  });
  const end = async () => {
    await manager.closeAll();
    await (await binding.catch(() => null))?.dispose();
  };
  return { manager, end };
};

/** Opens one port, runs `body`, closes it; errors end the process with a message and exit code 1. */
export const withOnePort = async (
  flags: PortFlags,
  body: (manager: DeviceManager, port: string) => Promise<void>,
): Promise<void> => {
  const { manager, end } = newManager(flags);
  try {
    const ports = await resolvePorts(flags);
    if (ports.length !== 1)
      throw new AppError('BAD_REQUEST', 'This command works on one module at a time: give a single -p.');
    const port = ports[0]!;
    await openSerial(manager, port);
    await body(manager, port);
  } catch (error) {
    writeError(error, flags.json);
  } finally {
    await end();
  }
};

interface PortOperation {
  signal: AbortSignal;
  report: (t: Parameters<ReturnType<DeviceManager['startOperation']>['report']>[0]) => void;
}

type PortOutcome<T> =
  { port: string; ok: true; value: T } | { port: string; ok: false; error: { code: string; message: string } };

/** The per-port summary: JSON (one object for one port, else an array), or a line per port (✓/✗ for several). */
const printSummary = <T>(summary: PortOutcome<T>[], flags: PortFlags, describe: (value: T) => string): void => {
  const several = summary.length > 1;
  if (flags.json) printJson(several ? summary : summary[0]);
  for (const s of summary) {
    const prefix = several ? `${safeName(s.port)}  ` : '';
    if (s.ok) {
      if (!flags.json) process.stdout.write(`${several ? '✓ ' : ''}${prefix}${describe(s.value)}\n`);
    } else {
      process.stderr.write(`${several ? '✗ ' : 'qpy: '}${prefix}${safeText(s.error.message)} [${s.error.code}]\n`);
    }
  }
  if (summary.some((s) => !s.ok)) process.exitCode = 1;
};

/** Runs `body` on every port in parallel, with a progress bar on a terminal, and prints a per-port summary. */
export const onEveryPort = async <T>(
  flags: PortFlags,
  kind: DeviceProgress['kind'],
  body: (manager: DeviceManager, port: string, operation: PortOperation) => Promise<T>,
  describe: (value: T) => string,
): Promise<void> => {
  const { manager, end } = newManager(flags);
  let ports: string[];
  try {
    ports = await resolvePorts(flags);
  } catch (error) {
    writeError(error, flags.json);
    await end();
    return;
  }
  const bar = progressBar(ports, process.stderr, Boolean(process.stderr.isTTY) && !flags.json);
  const stopProgress = manager.on('device.progress', (p) => bar.update(p));
  const onSigint = () => {
    for (const port of ports) manager.cancel(port);
  };
  process.once('SIGINT', onSigint);
  const results = await Promise.allSettled(
    ports.map(async (port) => {
      await openSerial(manager, port);
      const op = manager.startOperation(port, kind);
      try {
        return await body(manager, port, op);
      } finally {
        op.end();
      }
    }),
  );
  process.off('SIGINT', onSigint);
  stopProgress();
  await end();
  printSummary(
    results.map((r, i): PortOutcome<T> =>
      r.status === 'fulfilled'
        ? { port: ports[i]!, ok: true, value: r.value }
        : { port: ports[i]!, ok: false, error: errorOf(r.reason) },
    ),
    flags,
    describe,
  );
};
