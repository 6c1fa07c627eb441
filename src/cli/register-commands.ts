import { Command, CommanderError } from 'commander';
import type { CommandEntry } from './commands/index.js';

/**
 * Adds every command to `program`: the one `args` runs in full (its module imported now), every
 * other one as its name and summary only, which is all `gluster-eventing --help` shows. Importing
 * all modules up front cost the producer tens of MB (fastify, rxjs, the streams runtime).
 *
 * @example
 * await registerCommands(program, commands, process.argv.slice(2));
 * await program.parseAsync(process.argv);
 */
export async function registerCommands(program: Command, entries: readonly CommandEntry[], args: readonly string[]): Promise<void> {
  const wanted = commandNamed(program, args);
  for (const entry of entries) {
    if (entry.name === wanted) (await entry.load())(program);
    else program.command(entry.name).description(entry.summary);
  }
}

/**
 * The command `args` names (`help X` names X), read with the program's own options so that
 * `--config FILE producer` finds `producer`; undefined when there is none or the options are
 * malformed (the real parse then reports the error).
 */
export function commandNamed(program: Command, args: readonly string[]): string | undefined {
  const probe = new Command().allowUnknownOption().exitOverride();
  for (const option of program.options) probe.addOption(option);
  try {
    const { operands } = probe.parseOptions([...args]);
    return operands[0] === 'help' ? operands[1] : operands[0];
  } catch (error) {
    if (error instanceof CommanderError) return undefined;
    throw error;
  }
}
