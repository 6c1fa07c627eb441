import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { runDemo } from '../../demo/run-demo.js';
import { createLogger } from '../../logging/index.js';

/** `gluster-eventing demo`: the whole system on this machine, a scenario, a summary; leaves nothing running. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run Kafka, the registry, 3 simulated Gluster nodes, producers and the processor through a scenario')
    .option('--log-level <level>', 'JSON logs on stderr at this level', 'warn')
    .action(async (options: { logLevel: string }) => {
      const ok = await runDemo({
        env: process.env,
        cacheDir: process.env['GLUSTER_EVENTING_CACHE'] ?? join(homedir(), '.cache', 'gluster-eventing'),
        logger: createLogger({ level: options.logLevel, component: 'demo' }),
        print: (line) => process.stdout.write(`${line}\n`),
      });
      process.exitCode = ok ? 0 : 1;
    });
}
