import type { Command } from 'commander';
import { parseProcessorSettings, startProcessor, type ProcessorOptionInput } from '../../service/index.js';
import { cliContext } from '../context.js';

/** `gluster-eventing processor`: runs the Gluster pipelines until SIGTERM/SIGINT, then shuts down cleanly. */
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
        logger.info({ signal }, 'shutting down');
        const timer = setTimeout(() => {
          logger.error({ timeoutMs: settings.shutdownTimeoutMs }, 'shutdown timed out');
          process.exit(1);
        }, settings.shutdownTimeoutMs);
        timer.unref();
        void processor.stop().then(() => clearTimeout(timer));
      };
      process.once('SIGTERM', () => shutdown('SIGTERM')).once('SIGINT', () => shutdown('SIGINT'));
      await processor.streams.done;
      logger.info('processor stopped');
    });
}
