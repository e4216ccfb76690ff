import type { Command } from 'commander';
import { registerBrokerCommand } from './broker';
import { registerCredCommands } from './cred';
import { registerDeviceCommands } from './device';
import { registerMqttCommands } from './mqtt';
import { registerSimCommands } from './sim';
import { registerWebCommands } from './web';

/** Every subcommand group of `qpy`; each area adds its register function here. */
export const commandGroups: Array<(program: Command) => void> = [
  registerWebCommands,
  registerMqttCommands,
  registerBrokerCommand,
  registerCredCommands,
  registerDeviceCommands,
  registerSimCommands,
];
