import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Command } from 'commander';
import { ConfigError } from '../../config/index.js';
import { loadScenario, startSimulatedCluster, waitForWatchers } from '../../simulator/index.js';
import { cliContext } from '../context.js';

interface SimulateOptions {
  readonly scenario: string;
  readonly nodesDir?: string;
  readonly speed: string;
  readonly swappedNameId?: boolean;
  readonly keepRunning?: boolean;
  readonly delayMs: string;
  readonly waitForWatchers?: boolean;
}

/**
 * `gluster-eventing simulate --scenario FILE`: starts one dbus-daemon per scenario node, prints one
 * JSON line per node (`{"nodeId","hostname","glusterUuid","busAddress"}`) for scripts, plays the
 * steps and stops everything it started on completion, SIGINT or SIGTERM.
 */
export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('run simulated Gluster nodes (storaged glusterfs + udisks objects on private buses) and play a scenario')
    .requiredOption('--scenario <file>', 'scenario JSON file (see src/simulator/README.md)')
    .option('--nodes-dir <dir>', 'where node sockets go (default: a new temp dir)')
    .option('--speed <n>', 'time factor for step times (2 = twice as fast)', '1')
    .option('--swapped-name-id', "reproduce the fork's bug: volume name holds the UUID, id the name")
    .option('--keep-running', 'keep the nodes up after the last step until SIGINT/SIGTERM')
    .option('--wait-for-watchers', 'start the steps once every node\'s bus has a client of another process (its producer)')
    .option('--delay-ms <ms>', 'then wait this long before the first step', '0')
    .action(async (options: SimulateOptions) => {
      const { logger } = cliContext('simulate');
      const speed = Number(options.speed);
      if (!(speed > 0)) throw new ConfigError('--speed', 'a positive number');
      const delayMs = Number(options.delayMs);
      if (!Number.isInteger(delayMs) || delayMs < 0) throw new ConfigError('--delay-ms', 'a whole number of milliseconds, 0 or more');
      const scenario = await loadScenario(options.scenario);
      const dir = options.nodesDir ?? (await mkdtemp(join(tmpdir(), 'gesim-')));
      const cluster = await startSimulatedCluster({
        dir,
        nodes: scenario.nodes,
        diskGeneration: scenario.diskGeneration,
        swappedNameId: options.swappedNameId === true || scenario.swappedNameId,
        logger,
      });
      const abort = new AbortController();
      const onSignal = (): void => abort.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        for (const node of cluster.nodes) {
          const { nodeId, hostname, glusterUuid, busAddress } = node;
          process.stdout.write(`${JSON.stringify({ nodeId, hostname, glusterUuid, busAddress })}\n`);
        }
        // A producer that connects after a step sees its result in its first snapshot, but not a change
        // that came and went before it: a deployment whose producers start after the nodes waits here.
        if (options.waitForWatchers === true) await waitForWatchers(cluster.nodes.map((node) => node.busAddress), abort.signal);
        if (delayMs > 0) await delay(delayMs, undefined, { signal: abort.signal }).catch(() => undefined);
        if (!abort.signal.aborted) await cluster.run(scenario, {
          speed,
          signal: abort.signal,
          onStep: (step, index) => logger.info({ index, action: step.action, node: step.node }, 'step applied'),
        });
        if (options.keepRunning === true && !abort.signal.aborted) {
          await new Promise<void>((resolve) => abort.signal.addEventListener('abort', () => resolve(), { once: true }));
        }
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await cluster.stop();
      }
    });
}
