import type { Command } from 'commander';
import { createKafkaClient } from '../../kafka/index.js';
import { createCountingMetrics, createKafkaSink } from '../../producer/index.js';
import { createSchemaRegistryClient } from '../../serde/index.js';
import { createCountingWebhookMetrics, parseWebhookSettings, startWebhook, type WebhookCliOptions } from '../../webhook/index.js';
import { cliContext, readTextFile } from '../context.js';

/**
 * `gluster-eventing webhook`: the endpoint for `gluster-eventsapi webhook-add URL -t TOKEN`. Runs
 * until SIGTERM/SIGINT, then delivers the spool for up to --flush-timeout-ms and exits 0.
 */
export function registerWebhookCommand(program: Command): void {
  program
    .command('webhook')
    .description('receive glustereventsd webhook POSTs and produce them as raw EVENT records through an on-disk spool')
    .option('--host <host>', 'listen address (default 127.0.0.1)')
    .option('--port <port>', 'listen port (default 9097)')
    .option('--path <path>', 'URL path glustereventsd posts to (default /listen)')
    .option('--token <token>', 'bearer token of webhook-add -t (prefer $GLUSTER_EVENTING_WEBHOOK_TOKEN: options show in ps)')
    .option('--jwt-secret <secret>', 'HS256 secret of webhook-add --secret (prefer $GLUSTER_EVENTING_WEBHOOK_JWT_SECRET)')
    .option('--clock-skew <seconds>', 'tolerated clock difference for JWT exp (default 30)')
    .option('--node-id <id>', 'node id (default: contents of /etc/machine-id)')
    .option('--spool-dir <dir>', 'spool directory, not shared with the producer (default /var/lib/gluster-eventing/webhook-spool)')
    .option('--spool-max-bytes <bytes>', 'bound on undelivered bytes (default 64 MiB)')
    .option('--fsync <policy>', 'interval (default: one grouped fsync before each 200) | always | never (200 after the page cache)')
    .option('--topic <name>', 'raw topic (default <prefix>.raw.v1)')
    .option('--register-schemas', 'register the key/value schemas instead of requiring them (tests, demos)')
    .option('--flush-timeout-ms <ms>', 'on SIGTERM, how long to keep delivering (default 10000)')
    .action(async (options: WebhookCliOptions) => {
      const { settings: shared, logger } = cliContext('webhook');
      const settings = parseWebhookSettings({ options, env: process.env, shared, readTextFile });
      const metrics = createCountingMetrics();
      const webhookMetrics = createCountingWebhookMetrics();
      const sink = createKafkaSink({
        kafka: createKafkaClient({ ...settings.kafka, logger: logger.child({ component: 'kafka' }) }),
        topic: settings.topic,
        registry: createSchemaRegistryClient({ ...shared.schemaRegistry, url: settings.schemaRegistryUrl }),
        registration: settings.registration,
        logger,
      });
      const webhook = await startWebhook({ settings, sink, metrics, webhookMetrics, logger });
      const report = setInterval(() => logger.info({ metrics: metrics.counts, requests: webhookMetrics.counts }, 'webhook metrics'), 60_000);
      await new Promise<void>((resolve) => {
        process.once('SIGTERM', () => resolve());
        process.once('SIGINT', () => resolve());
      });
      clearInterval(report);
      await webhook.stop();
      logger.info({ metrics: metrics.counts, requests: webhookMetrics.counts }, 'webhook metrics');
      process.exit(0);
    });
}
