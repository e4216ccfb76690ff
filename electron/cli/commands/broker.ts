import type { Command } from 'commander';
import type { ConfigureBroker } from '../../broker/broker-service';
import { DEFAULT_BROKER_PORT } from '../../broker/default-port';
import { defaultDataDir } from '../../services/data-dir';
import { parsePort } from '../parse';

export interface BrokerCommandFlags {
  port?: number;
  host: string;
  wsPort?: number;
  data?: string;
  [extra: string]: unknown;
}

/**
 * An extension of `qpy broker` (e.g. the cloud emulators): adds options, then turns the parsed flags into a
 * configure hook for the aedes instance. Push one onto `brokerCommandExtensions` before the CLI is built.
 */
export interface BrokerCommandExtension {
  addOptions(command: Command): void;
  configure(flags: BrokerCommandFlags): Promise<{ configure: ConfigureBroker; name: string } | undefined>;
}

export const brokerCommandExtensions: BrokerCommandExtension[] = [];

/** The options of `qpy broker`, on a command you pass (so another module can build the same command). */
const addBrokerOptions = (command: Command): Command =>
  command
    .option('--port <port>', `TCP port (default ${DEFAULT_BROKER_PORT}, or the next free one)`, parsePort)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--ws-port <port>', 'also serve MQTT over WebSocket on this port (path /mqtt)', parsePort)
    .option('--data <dir>', 'folder for retained messages (default: the app data folder)');

export const registerBrokerCommand = (program: Command): void => {
  const command = addBrokerOptions(
    program.command('broker').description('Run the embedded MQTT broker (MQTT 3.1.1, aedes) in the foreground'),
  );
  for (const extension of brokerCommandExtensions) extension.addOptions(command);
  command.action(async (flags: BrokerCommandFlags) => {
    let configure: ConfigureBroker | undefined;
    let emulatorName: string | undefined;
    for (const extension of brokerCommandExtensions) {
      const hook = await extension.configure(flags);
      if (!hook) continue;
      const previous = configure;
      configure = async (aedes) => {
        await previous?.(aedes);
        await hook.configure(aedes);
      };
      emulatorName = hook.name;
    }
    const { BrokerService } = await import('../../broker/broker-service');
    const broker = new BrokerService({
      dataDir: flags.data ?? defaultDataDir(),
      host: flags.host,
      port: flags.port ?? DEFAULT_BROKER_PORT,
      strictPort: flags.port !== undefined,
      ...(flags.wsPort !== undefined ? { wsPort: flags.wsPort } : {}),
      ...(configure ? { configure } : {}),
      ...(emulatorName ? { emulatorName } : {}),
    });
    const status = await broker.start();
    const lines = [`MQTT broker listening on mqtt://${status.host}:${status.port}`];
    if (status.wsPort !== undefined) lines.push(`MQTT over WebSocket on ws://${status.host}:${status.wsPort}/mqtt`);
    if (status.emulator) lines.push(`Cloud emulator: ${status.emulator}`);
    lines.push(`Retained messages kept in ${status.dataFile}`, 'Press Ctrl-C to stop.');
    process.stdout.write(lines.join('\n') + '\n');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await broker.stop();
  });
};
