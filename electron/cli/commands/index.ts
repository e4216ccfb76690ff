import type { Command } from 'commander';
import { registerWebCommands } from './web';

/** Every subcommand group of `qpy`; each area adds its register function here. */
export const commandGroups: Array<(program: Command) => void> = [registerWebCommands];
