import type { Command } from 'commander';
import { parseProcessorSettings, startProcessor, type ProcessorOptionInput } from '../../service/index.js';
import { cliContext } from '../context.js';

/**
 * `gluster-eventing processor`: runs the Gluster pipelines and their HTTP server (health, metrics,
 * queries, web view) until SIGTERM/SIGINT, then shuts down cleanly: the open batches finish and are
 * committed, consumers and producers disconnect, the HTTP server closes, exit 0; exit 1 when that
 * takes longer than GLUSTER_EVENTING_SHUTDOWN_TIMEOUT_MS or the streams instance failed.
 */
export function registerProcessorCommand(program: Command): void {
  program
    .command('processor')
    .description('run the processing service: raw records -> deduplicated state topics and alerts (exactly once)')
    .option('--application-id <id>', 'consumer group and transactional-id prefix (GLUSTER_EVENTING_APPLICATION_ID)')
    .option('--guarantee <mode>', 'exactly-once | at-least-once (GLUSTER_EVENTING_PROCESSING_GUARANTEE)')
    .option('--commit-interval-ms <ms>', 'transaction length (GLUSTER_EVENTING_COMMIT_INTERVAL_MS, default 100)')
    .option('--register-schemas', 'register the Avro schemas at start (development; production registers through CI)')
    .option('--http-port <port>', 'HTTP port for health, metrics and queries (GLUSTER_EVENTING_HTTP_PORT, default 8088)')
    .option('--http-host <host>', 'HTTP address to listen on (GLUSTER_EVENTING_HTTP_HOST, default 127.0.0.1)')
    .action(async (options: ProcessorOptionInput) => {
      const { settings: shared, logger } = cliContext('processor');
      const settings = parseProcessorSettings(options, process.env);
      const processor = await startProcessor({ shared, settings, logger });
      const shutdown = (signal: string): void => {
        logger.info({ signal, timeoutMs: settings.shutdownTimeoutMs }, 'shutting down');
        // Left running (unref'd) after a clean stop: a process still alive at the deadline is stuck.
        setTimeout(() => {
          // What still runs: the hint to which part of the stop is stuck.
          logger.error({ timeoutMs: settings.shutdownTimeoutMs, activeResources: process.getActiveResourcesInfo() }, 'shutdown timed out');
          process.exit(1);
        }, settings.shutdownTimeoutMs).unref();
        void processor.stop().catch((error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exitCode = 1;
        });
      };
      process.once('SIGTERM', () => shutdown('SIGTERM')).once('SIGINT', () => shutdown('SIGINT'));
      try {
        await processor.streams.done;
      } finally {
        // After a fatal error too: close the HTTP server so that the process can exit.
        await processor.stop().catch(() => undefined);
      }
      logger.info('processor stopped (batches finished, offsets committed, consumers, producers and HTTP closed)');
      // Whatever still holds the event loop now is work for tasks already given up (e.g. a failed
      // task's abort, which the next owner's fencing completes anyway): it must not hold the exit.
      logger.debug({ activeResources: process.getActiveResourcesInfo() }, 'exiting');
      process.exit(process.exitCode ?? 0);
    });
}
