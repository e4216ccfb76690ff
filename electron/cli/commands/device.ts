import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { AppError } from '../../../shared/errors';
import type { DeviceManager } from '../../device/manager';
import { printJson, writeError } from '../output';
import { parsePositiveInt } from '../parse';
import { addPortFlags, withOnePort, type PortFlags } from '../port-flags';
import { safeName, safeText } from '../terminal-safe';
import { registerFileCommands } from './files';

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

/** The module commands: ports, the REPL, running code, info and reset; file commands are in files.ts. */
export const registerDeviceCommands = (program: Command): void => {
  program
    .command('ports')
    .description('List serial ports; Quectel REPL ports first')
    .option('--json', 'print machine-readable JSON')
    .action(async (flags: { json?: boolean }) => {
      try {
        const { createPortsService } = await import('../../services/ports');
        const { listNativePorts } = await import('../../services/serial-binding');
        const { createSimBinding } = await import('../../sim');
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

  registerFileCommands(program);

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
