import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { DeviceEntry, DeviceProgress, SyncPlan, SyncResult, TransferResult } from '../../../shared/api/device';
import { AppError, isAppError } from '../../../shared/errors';
import { createDefaultBinding } from '../../device/binding';
import { joinRemote } from '../../../shared/device/remote-path';
import { DeviceManager } from '../../device/manager';
import { planSync, sync } from '../../device/sync';
import { createPortsService } from '../../services/ports';
import { listNativePorts } from '../../services/serial-binding';
import { createSimBinding } from '../../sim';
import { parsePositiveInt } from '../parse';
import { safeName, safeText } from '../terminal-safe';

interface PortFlags {
  port: string[];
  baud: number;
  json?: boolean;
  interrupt: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

const addPortFlags = (cmd: Command, several = false): Command =>
  cmd
    .option(
      '-p, --port <port>',
      several
        ? 'serial port of the module (repeat -p for several modules, or "all-quectel" for every Quectel REPL port)'
        : 'serial port of the module, e.g. /dev/ttyUSB3, COM7, /tmp/ttyQPY or sim://ec600n',
      collect,
    )
    .option('-b, --baud <rate>', 'baud rate', (v) => parsePositiveInt(v), 115200)
    .option('--json', 'print machine-readable JSON on stdout')
    .option('--no-interrupt', 'fail with DEVICE_BUSY instead of interrupting a running program (main.py)');

const kb = (bytes: number) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`);
const rateOf = (bytes: number, ms: number) => `${kb(Math.round((bytes * 1000) / Math.max(ms, 1)))}/s`;

const writeError = (error: unknown, json: boolean | undefined): void => {
  const code = isAppError(error) ? error.code : 'INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  if (json) process.stdout.write(`${JSON.stringify({ ok: false, error: { code, message } })}\n`);
  process.stderr.write(`qpy: ${safeText(message)} [${code}]\n`);
  process.exitCode = 1;
};

const printJson = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

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
  const manager = new DeviceManager({ binding: () => binding, baudRate: flags.baud });
  const end = async () => {
    await manager.closeAll();
    await (await binding.catch(() => null))?.dispose();
  };
  return { manager, end };
};

/** Opens one port, runs `body`, closes it; errors end the process with a message and exit code 1. */
const withOnePort = async (
  flags: PortFlags,
  body: (manager: DeviceManager, port: string) => Promise<void>,
): Promise<void> => {
  const { manager, end } = newManager(flags);
  try {
    const ports = await resolvePorts(flags);
    if (ports.length !== 1)
      throw new AppError('BAD_REQUEST', 'This command works on one module at a time: give a single -p.');
    const port = ports[0]!;
    await manager.open(port);
    await body(manager, port);
  } catch (error) {
    writeError(error, flags.json);
  } finally {
    await end();
  }
};

/** A progress display on stderr: one line per port, redrawn in place on a TTY. */
const progressDisplay = (manager: DeviceManager, ports: string[], enabled: boolean) => {
  if (!enabled) return { stop: () => undefined };
  const latest = new Map<string, DeviceProgress>();
  let drawn = 0;
  const width = 24;
  const draw = () => {
    const lines = ports.map((port) => {
      const p = latest.get(port);
      if (!p) return `${port}  waiting…`;
      const ratio = p.bytesTotal ? p.bytesDone / p.bytesTotal : p.done ? 1 : 0;
      const bar = '█'.repeat(Math.round(ratio * width)).padEnd(width, '░');
      const eta = p.etaMs === null || p.done ? '' : ` ETA ${Math.ceil(p.etaMs / 1000)}s`;
      const files = p.filesTotal > 1 ? ` ${p.filesDone}/${p.filesTotal} files` : '';
      return `${ports.length > 1 ? `${port} ` : ''}${bar} ${Math.floor(ratio * 100)}% ${kb(p.bytesDone)}/${kb(p.bytesTotal)} ${kb(p.rate)}/s${eta}${files}`;
    });
    const up = drawn ? `\x1b[${drawn}A` : '';
    process.stderr.write(`${up}${lines.map((l) => `\r\x1b[2K${l}`).join('\n')}\n`);
    drawn = lines.length;
  };
  const off = manager.on('device.progress', (p) => {
    latest.set(p.path, p);
    draw();
  });
  return { stop: off };
};

/** Runs `body` on every port in parallel and prints a per-port summary. */
const onEveryPort = async <T>(
  flags: PortFlags,
  kind: DeviceProgress['kind'],
  body: (
    manager: DeviceManager,
    port: string,
    operation: {
      signal: AbortSignal;
      report: (t: Parameters<ReturnType<DeviceManager['startOperation']>['report']>[0]) => void;
    },
  ) => Promise<T>,
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
  const display = progressDisplay(manager, ports, Boolean(process.stderr.isTTY) && !flags.json);
  const onSigint = () => {
    for (const port of ports) manager.cancel(port);
  };
  process.once('SIGINT', onSigint);
  const results = await Promise.allSettled(
    ports.map(async (port) => {
      await manager.open(port);
      const op = manager.startOperation(port, kind);
      try {
        return await body(manager, port, op);
      } finally {
        op.end();
      }
    }),
  );
  process.off('SIGINT', onSigint);
  display.stop();
  await end();
  const summary = results.map((r, i) =>
    r.status === 'fulfilled'
      ? { port: ports[i]!, ok: true as const, value: r.value }
      : {
          port: ports[i]!,
          ok: false as const,
          error: {
            code: isAppError(r.reason) ? r.reason.code : 'INTERNAL',
            message: r.reason instanceof Error ? r.reason.message : String(r.reason),
          },
        },
  );
  if (flags.json) printJson(ports.length === 1 ? summary[0] : summary);
  for (const s of summary) {
    const prefix = ports.length > 1 ? `${safeName(s.port)}  ` : '';
    if (s.ok) {
      if (!flags.json) process.stdout.write(`${ports.length > 1 ? '✓ ' : ''}${prefix}${describe(s.value)}\n`);
    } else {
      process.stderr.write(
        `${ports.length > 1 ? '✗ ' : 'qpy: '}${prefix}${safeText(s.error.message)} [${s.error.code}]\n`,
      );
    }
  }
  if (summary.some((s) => !s.ok)) process.exitCode = 1;
};

const describePush = (r: TransferResult) =>
  r.unchanged
    ? `${safeName(r.remote)}: unchanged (${kb(r.bytes)}, ${r.verified} matches; --force sends it anyway)`
    : `${safeName(r.remote)}: ${kb(r.bytes)} in ${(r.durationMs / 1000).toFixed(2)} s (${rateOf(r.bytes, r.durationMs)}, ${r.encoding}${r.compressed ? '+deflate' : ''}, ${r.verified} verified)`;

const describePlan = (plan: SyncPlan) => {
  const lines = [
    ...plan.mkdirs.map((d) => `  mkdir    ${safeName(d)}`),
    ...plan.new.map((i) => `  new      ${safeName(i.remote)} (${kb(i.size)})`),
    ...plan.changed.map((i) => `  changed  ${safeName(i.remote)} (${kb(i.size)})`),
    ...plan.toDelete.map(
      (i) =>
        `  ${plan.deleteExtra ? 'delete ' : 'extra  '}  ${safeName(i.remote)}${plan.deleteExtra ? '' : ' (kept; --delete removes it)'}`,
    ),
  ];
  return `${plan.new.length} new, ${plan.changed.length} changed, ${plan.unchanged.length} unchanged, ${plan.toDelete.length} ${plan.deleteExtra ? 'to delete' : 'only on the module'}; ${kb(plan.bytesToSend)} to send${lines.length ? `\n${lines.join('\n')}` : ''}`;
};

const describeSync = (r: SyncResult) =>
  `synced ${safeName(r.plan.localDir)} → ${safeName(r.plan.remoteDir)}: ${r.pushed} pushed (${kb(r.bytes)}), ${r.deleted} deleted, ${r.plan.unchanged.length} unchanged, in ${(r.durationMs / 1000).toFixed(2)} s`;

const formatEntries = (entries: DeviceEntry[]) =>
  entries
    .map(
      (e) =>
        `${e.type === 'dir' ? '     <dir>' : String(e.size).padStart(10)}  ${safeName(e.path)}${e.type === 'dir' ? '/' : ''}`,
    )
    .join('\n');

/** Ctrl-C while a program runs on the module interrupts it there (twice quits here). */
const interruptOnSigint = (manager: DeviceManager, port: string) => {
  let count = 0;
  const handler = () => {
    count++;
    if (count > 1) process.exit(130);
    void manager
      .session(port)
      .interrupt()
      .catch(() => undefined);
  };
  process.on('SIGINT', handler);
  return () => process.off('SIGINT', handler);
};

export const registerDeviceCommands = (program: Command): void => {
  program
    .command('ports')
    .description('List serial ports; Quectel REPL ports first')
    .option('--json', 'print machine-readable JSON')
    .action(async (flags: { json?: boolean }) => {
      try {
        const simulators = createSimBinding();
        const ports = await createPortsService({
          list: async () => [...(await listNativePorts()), ...(await simulators.list())],
        }).list();
        if (flags.json) printJson(ports);
        else {
          if (!ports.some((p) => p.kind !== 'simulator'))
            process.stdout.write(
              'No serial ports found: plug the module in (USB), or use a built-in simulator below.\n',
            );
          for (const p of ports) {
            const label = p.label === p.path ? 'serial port' : p.label;
            process.stdout.write(
              `${safeName(p.path).padEnd(24)} ${safeText(label)}${p.selectable ? '' : '  (not a REPL port)'}\n`,
            );
          }
        }
      } catch (error) {
        writeError(error, flags.json);
      }
    });

  addPortFlags(program.command('repl').description('Live REPL terminal on the module (Ctrl-] exits)')).action(
    async (flags: PortFlags) => {
      await withOnePort(flags, async (manager, port) => {
        const session = manager.session(port);
        const stdin = process.stdin;
        process.stderr.write(`Connected to ${port} at ${flags.baud} baud. Ctrl-] exits.\n`);
        const offTerminal = manager.on('device.terminal', (f) => process.stdout.write(f.data));
        await new Promise<void>((resolveDone, reject) => {
          const offState = manager.on('device.state', (s) => {
            if (s.state === 'disconnected') {
              offState();
              reject(new AppError('DISCONNECTED', `The module on ${port} went away (${s.reason ?? 'port closed'}).`));
            }
          });
          if (stdin.isTTY) stdin.setRawMode(true);
          stdin.resume();
          stdin.on('data', (chunk: Buffer) => {
            const exit = chunk.indexOf(0x1d);
            const data = exit >= 0 ? chunk.subarray(0, exit) : chunk;
            if (data.length) void session.write(new Uint8Array(data)).catch(reject);
            if (exit >= 0) resolveDone();
          });
          stdin.once('end', () => resolveDone());
        }).finally(() => {
          offTerminal();
          if (stdin.isTTY) stdin.setRawMode(false);
          stdin.pause();
        });
        process.stderr.write('\n');
      });
    },
  );

  addPortFlags(
    program
      .command('exec')
      .description('Run Python code on the module and print its output')
      .argument('<code>', 'Python code'),
  ).action(async (code: string, flags: PortFlags) => {
    await withOnePort(flags, async (manager, port) => {
      const stop = interruptOnSigint(manager, port);
      try {
        const result = await manager.files(port).runCode(code, {
          interrupt: flags.interrupt,
          ...(flags.json ? {} : { onStdout: (d) => process.stdout.write(d), onStderr: (d) => process.stderr.write(d) }),
        });
        if (flags.json) printJson(result);
      } finally {
        stop();
      }
    });
  });

  addPortFlags(
    program
      .command('run')
      .description(
        'Run a local .py file on the module without saving it (or a module file such as /usr/app.py), streaming its output; Ctrl-C interrupts it',
      )
      .argument('<file>', 'local file, or an absolute path on the module'),
  ).action(async (file: string, flags: PortFlags) => {
    await withOnePort(flags, async (manager, port) => {
      const stop = interruptOnSigint(manager, port);
      const stream = flags.json
        ? {}
        : {
            onStdout: (d: Uint8Array) => process.stdout.write(d),
            onStderr: (d: Uint8Array) => process.stderr.write(d),
          };
      try {
        const files = manager.files(port);
        const local = existsSync(file) ? await readFile(file) : null;
        const result = local
          ? await files.runCode(new Uint8Array(local), { interrupt: flags.interrupt, ...stream })
          : file.startsWith('/')
            ? await files.runFile(file, { interrupt: flags.interrupt, ...stream })
            : (() => {
                throw new AppError(
                  'LOCAL_IO',
                  `${file} does not exist here; give a local file or an absolute module path like /usr/main.py.`,
                );
              })();
        if (flags.json) printJson(result);
      } finally {
        stop();
      }
    });
  });

  addPortFlags(
    program
      .command('ls')
      .description('List files on the module')
      .argument('[path]', 'folder on the module', '/usr')
      .option('-r, --recursive', 'list sub-folders too'),
  ).action(async (path: string, flags: PortFlags & { recursive?: boolean }) => {
    await withOnePort(flags, async (manager, port) => {
      const entries = await manager
        .files(port)
        .list(path, { interrupt: flags.interrupt, recursive: flags.recursive === true });
      if (flags.json) printJson(entries);
      else if (entries.length) process.stdout.write(`${formatEntries(entries)}\n`);
    });
  });

  addPortFlags(
    program
      .command('cat')
      .description('Print a module file to stdout (binary-safe)')
      .argument('<path>', 'file on the module'),
  ).action(async (path: string, flags: PortFlags) => {
    await withOnePort(flags, async (manager, port) => {
      const data = await manager.files(port).read(path, { interrupt: flags.interrupt });
      if (flags.json) printJson({ path, base64: Buffer.from(data).toString('base64') });
      else process.stdout.write(data);
    });
  });

  addPortFlags(
    program
      .command('push')
      .description(
        'Copy a local file to the module: atomic (old file kept until the new one is verified) and verified by hash',
      )
      .argument('<local>', 'local file')
      .argument('[remote]', 'path on the module (default /usr/<name>; a path ending in / is a folder)')
      .option('-f, --force', 'send the file even when the module already holds exactly these bytes'),
    true,
  ).action(async (local: string, remote: string | undefined, flags: PortFlags & { force?: boolean }) => {
    let data: Uint8Array;
    try {
      const info = await stat(local).catch(() => null);
      if (!info) throw new AppError('LOCAL_IO', `${local} does not exist on this computer.`);
      if (info.isDirectory())
        throw new AppError('BAD_REQUEST', `${local} is a folder: use "qpy sync" to copy a folder.`);
      data = new Uint8Array(await readFile(local));
    } catch (error) {
      writeError(error, flags.json);
      return;
    }
    const name = basename(local);
    const target = !remote ? `/usr/${name}` : remote.endsWith('/') ? joinRemote(remote, name) : remote;
    await onEveryPort(
      flags,
      'push',
      async (manager, port, op) => {
        const result = await manager.files(port).push(target, data, {
          interrupt: flags.interrupt,
          force: flags.force === true,
          signal: op.signal,
          onProgress: (t) => op.report({ ...t, file: target }),
        });
        op.report({ bytesDone: data.length, bytesTotal: data.length, done: true, file: target, filesDone: 1 });
        return result;
      },
      describePush,
    );
  });

  addPortFlags(
    program
      .command('pull')
      .description('Copy a module file to this computer')
      .argument('<remote>', 'file on the module')
      .argument('[local]', 'local file or folder', '.'),
  ).action(async (remote: string, local: string, flags: PortFlags) => {
    await withOnePort(flags, async (manager, port) => {
      const data = await manager.files(port).read(remote, { interrupt: flags.interrupt });
      const info = await stat(local).catch(() => null);
      const target = info?.isDirectory() ? join(local, basename(remote)) : local;
      await writeFile(target, data).catch((error: Error) => {
        throw new AppError('LOCAL_IO', `Could not write ${target}: ${error.message}`);
      });
      if (flags.json) printJson({ remote, local: resolve(target), bytes: data.length });
      else process.stdout.write(`${safeName(remote)} → ${safeName(target)} (${kb(data.length)})\n`);
    });
  });

  addPortFlags(
    program
      .command('rm')
      .description('Remove a file (or a folder with -r) on the module')
      .argument('<path>', 'path on the module')
      .option('-r, --recursive', 'remove a folder and everything in it'),
  ).action(async (path: string, flags: PortFlags & { recursive?: boolean }) => {
    await withOnePort(flags, async (manager, port) => {
      await manager.files(port).remove(path, { interrupt: flags.interrupt, recursive: flags.recursive === true });
      if (flags.json) printJson({ removed: path });
    });
  });

  addPortFlags(
    program
      .command('mkdir')
      .description('Create a folder (and its parents) on the module')
      .argument('<path>', 'folder on the module'),
  ).action(async (path: string, flags: PortFlags) => {
    await withOnePort(flags, async (manager, port) => {
      await manager.files(port).mkdir(path, { interrupt: flags.interrupt });
      if (flags.json) printJson({ created: path });
    });
  });

  addPortFlags(
    program.command('mv').description('Rename or move a file on the module').argument('<from>').argument('<to>'),
  ).action(async (from: string, to: string, flags: PortFlags) => {
    await withOnePort(flags, async (manager, port) => {
      await manager.files(port).rename(from, to, { interrupt: flags.interrupt });
      if (flags.json) printJson({ from, to });
    });
  });

  addPortFlags(
    program.command('df').description('Free space on the module').argument('[path]', 'file system', '/usr'),
  ).action(async (path: string, flags: PortFlags) => {
    await withOnePort(flags, async (manager, port) => {
      const free = await manager.files(port).free(path, { interrupt: flags.interrupt });
      if (flags.json) printJson(free);
      else
        process.stdout.write(
          `${safeName(path)}: ${kb(free.free)} free of ${kb(free.total)} (block ${free.blockSize} B)\n`,
        );
    });
  });

  addPortFlags(
    program.command('info').description('Firmware flavour and what the module offers (raw-paste, hash, inflate)'),
  ).action(async (flags: PortFlags) => {
    await withOnePort(flags, async (manager, port) => {
      const info = await manager.files(port).info({ interrupt: flags.interrupt });
      if (flags.json) printJson(info);
      else for (const [k, v] of Object.entries(info)) process.stdout.write(`${k.padEnd(9)} ${safeText(String(v))}\n`);
    });
  });

  addPortFlags(
    program
      .command('set-main')
      .description('Make a module file run at boot (copies it to /usr/main.py)')
      .argument('<path>'),
  ).action(async (path: string, flags: PortFlags) => {
    await withOnePort(flags, async (manager, port) => {
      await manager.files(port).setMain(path, { interrupt: flags.interrupt });
      if (flags.json) printJson({ main: path });
    });
  });

  addPortFlags(
    program
      .command('sync')
      .description(
        'Make a module folder match a local folder: only changed files are sent, each atomically and verified',
      )
      .argument('<localdir>', 'local folder')
      .argument('[remotedir]', 'folder on the module', '/usr')
      .option('--delete', 'delete module files that are not in the local folder')
      .option('--dry-run', 'only show what would change'),
    true,
  ).action(async (localDir: string, remoteDir: string, flags: PortFlags & { delete?: boolean; dryRun?: boolean }) => {
    const absolute = resolve(localDir);
    if (flags.dryRun) {
      await onEveryPort(
        flags,
        'sync',
        (manager, port) =>
          planSync(manager.files(port), absolute, remoteDir, {
            interrupt: flags.interrupt,
            deleteExtra: flags.delete === true,
          }),
        describePlan,
      );
      return;
    }
    await onEveryPort(
      flags,
      'sync',
      (manager, port, op) =>
        sync(manager.files(port), absolute, remoteDir, {
          interrupt: flags.interrupt,
          deleteExtra: flags.delete === true,
          signal: op.signal,
          onProgress: (t) => op.report(t),
        }),
      describeSync,
    );
  });

  addPortFlags(
    program
      .command('reset')
      .description('Soft-reset the module and show its boot output (main.py runs)')
      .option('--watch <ms>', 'how long to wait for the prompt after boot', (v) => parsePositiveInt(v), 5000),
  ).action(async (flags: PortFlags & { watch: number }) => {
    await withOnePort(flags, async (manager, port) => {
      const off = flags.json ? () => undefined : manager.on('device.terminal', (f) => process.stdout.write(f.data));
      try {
        const result = await manager.session(port).softReset({ interrupt: flags.interrupt, watchMs: flags.watch });
        if (flags.json) printJson(result);
        else if (result.mainRunning)
          process.stderr.write('\n(main.py is still running; "qpy repl" and Ctrl-C stop it)\n');
      } finally {
        off();
      }
    });
  });
};
