import type { Command } from 'commander';

/** Each command module exports one `register(program)`; add new commands to this list. */
export type RegisterCommand = (program: Command) => void;

export const commands: readonly RegisterCommand[] = [];
