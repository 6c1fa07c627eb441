import { Command } from 'commander';
import { commands } from './commands/index.js';
import { applyConfigFile } from './config-file.js';
import { registerCommands } from './register-commands.js';

/**
 * `gluster-eventing <command>`: every command lives in `./commands/<name>.ts` and registers itself
 * through {@link commands}; only the module of the command that runs is loaded. Errors of this
 * project, Kafka client and TLS errors end the process with one clear line and exit 1.
 */
const program = new Command('gluster-eventing')
  .description('D-Bus property changes of GlusterFS nodes -> deduplicated cluster state and alerts on Kafka')
  .showHelpAfterError()
  .option('--config <file>', 'JSON file of settings (keys: the environment variable names; a set variable wins); or GLUSTER_EVENTING_CONFIG')
  .hook('preAction', async (self: Command) => applyConfigFile((self.opts() as { config?: string }).config));

await registerCommands(program, commands, process.argv.slice(2));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Loaded only on failure: it knows the streams runtime's errors, and loading the runtime (kafkajs,
  // RxJS) up front would slow every command, `--help` included.
  const { failureLine } = await import('./failure-line.js');
  const line = failureLine(error);
  if (line === undefined) throw error;
  process.stderr.write(`gluster-eventing: ${line}\n`);
  process.exitCode = 1;
}
