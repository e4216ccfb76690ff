import { Command, CommanderError } from 'commander';
import { commandGroups } from './commands';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root';
import { safeText } from './terminal-safe';

const version = (): string => {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
};

const buildProgram = (): Command => {
  const program = new Command('qpy')
    .description(
      'QPY Studio from the shell: talk to QuecPython modules, run the simulator, MQTT and cloud credentials.',
    )
    .version(version(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    // Subcommands may reuse short flags of the program (qpy mqtt sub -V 5 is the MQTT version, as in mosquitto_sub).
    .enablePositionalOptions();
  for (const register of commandGroups) register(program);
  return program;
};

export const main = async (argv: string[]): Promise<void> => {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`qpy: ${safeText(message)}\n`);
    process.exitCode = 1;
  }
};
