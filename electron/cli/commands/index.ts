import type { Command } from 'commander';
import { registerBrokerCommand } from './broker';
import { registerCredCommands } from './cred';
import { registerMqttCommands } from './mqtt';
import { registerWebCommands } from './web';

/** Every subcommand group of `qpy`; each area adds its register function here. */
export const commandGroups: Array<(program: Command) => void> = [registerWebCommands, registerMqttCommands, registerBrokerCommand, registerCredCommands];
