import type { Command } from 'commander';
import { parsePositiveInt } from './parse';
import type * as RunOnPorts from './run-on-ports';

/** The flags every module command has (addPortFlags). */
export interface PortFlags {
  port: string[];
  baud: number;
  json?: boolean;
  interrupt: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Adds -p (repeatable when `several`), -b, --json and --no-interrupt. */
export const addPortFlags = (cmd: Command, several = false): Command =>
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

// The commands' definitions load fast (for --help); what talks to modules (serialport, the simulator) loads when
// a command runs.
const runOnPorts = () => import('./run-on-ports');

/** Opens one port, runs `body`, closes it; errors end the process with a message and exit code 1. */
export const withOnePort: typeof RunOnPorts.withOnePort = async (flags, body) =>
  (await runOnPorts()).withOnePort(flags, body);

/** Runs `body` on every port in parallel, with a progress bar on a terminal, and prints a per-port summary. */
export const onEveryPort: typeof RunOnPorts.onEveryPort = async (flags, kind, body, describe) =>
  (await runOnPorts()).onEveryPort(flags, kind, body, describe);
