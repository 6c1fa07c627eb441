import { Command } from 'commander';
import { GlusterEventingError } from '../errors/index.js';
import { commands } from './commands/index.js';
import { applyConfigFile } from './config-file.js';

/**
 * `gluster-eventing <command>`: every command lives in `./commands/<name>.ts` and registers itself
 * through {@link commands}. Errors of this project end the process with one clear line and exit 1.
 */
const program = new Command('gluster-eventing')
  .description('D-Bus property changes of GlusterFS nodes -> deduplicated cluster state and alerts on Kafka')
  .showHelpAfterError()
  .option('--config <file>', 'JSON file of settings (keys: the environment variable names; a set variable wins); or GLUSTER_EVENTING_CONFIG')
  .hook('preAction', async (self: Command) => applyConfigFile((self.opts() as { config?: string }).config));

for (const register of commands) register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof GlusterEventingError) {
    process.stderr.write(`gluster-eventing: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
