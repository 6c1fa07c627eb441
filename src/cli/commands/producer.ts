import type { Command } from 'commander';
import { createKafkaClient } from '../../kafka/index.js';
import { createCountingMetrics, createKafkaSink, parseProducerSettings, startProducer, teeMetrics, type ProducerCliOptions } from '../../producer/index.js';
import { createSchemaRegistryClient } from '../../serde/index.js';
import { createProducerRegistry, startMetricsHttp } from '../../service/index.js';
import { cliContext, readTextFile } from '../context.js';

/**
 * `gluster-eventing producer`: runs until SIGTERM/SIGINT, then delivers the spool for up to
 * --flush-timeout-ms and exits 0 (what it could not deliver stays spooled for the next start).
 */
export function registerProducerCommand(program: Command): void {
  program
    .command('producer')
    .description('watch D-Bus (storaged glusterfs, udisks2) and produce raw records to Kafka through an on-disk spool')
    .option('--bus <address>', 'D-Bus address (default: $DBUS_SYSTEM_BUS_ADDRESS, else the system bus)')
    .option('--node-id <id>', 'node id (default: contents of /etc/machine-id)')
    .option('--gluster-uuid <uuid>', 'Gluster peer UUID (default: UUID= of /var/lib/glusterd/glusterd.info, none if absent)')
    .option('--spool-dir <dir>', 'spool directory (default /var/lib/gluster-eventing/spool)')
    .option('--spool-max-bytes <bytes>', 'bound on undelivered bytes (default 64 MiB)')
    .option('--fsync <policy>', 'spool fsync: interval (default, each second) | always | never')
    .option('--topic <name>', 'raw topic (default <prefix>.raw.v1)')
    .option('--register-schemas', 'register the key/value schemas instead of requiring them (tests, demos)')
    .option('--heartbeat-ms <ms>', 'heartbeat period (default 10000)')
    .option('--flush-timeout-ms <ms>', 'on SIGTERM, how long to keep delivering (default 10000)')
    .option('--latency-log <file>', 'debug/benchmarks: append "<sequence> <observedAt> <ackedAt>" per acknowledged record (costs CPU)')
    .option('--metrics-port <port>', 'serve Prometheus /metrics on this port (default: off, counts are logged each minute)')
    .option('--metrics-host <host>', 'address for --metrics-port (default 127.0.0.1; 0.0.0.0 to be scraped from outside)')
    .option('--watch <file>', 'JSON array of {busName, objectManagerPath, interfaces} to watch instead of the defaults')
    .action(async (options: ProducerCliOptions) => {
      const { settings: shared, logger } = cliContext('producer');
      const settings = parseProducerSettings({ options, env: process.env, shared, readTextFile });
      const counting = createCountingMetrics();
      const prometheus = settings.metricsHttp === null ? undefined : createProducerRegistry({ spoolMaxBytes: settings.spool.maxBytes });
      const metrics = prometheus === undefined ? counting : teeMetrics(counting, prometheus.metrics);
      const metricsHttp =
        settings.metricsHttp === null || prometheus === undefined
          ? undefined
          : await startMetricsHttp({ ...settings.metricsHttp, registry: prometheus.registry, purpose: "the producer's metrics server", setting: '--metrics-port' });
      if (metricsHttp !== undefined) logger.info({ url: metricsHttp.url }, 'producer metrics at /metrics');
      const sink = createKafkaSink({
        kafka: createKafkaClient({ ...settings.kafka, logger: logger.child({ component: 'kafka' }) }),
        topic: settings.topic,
        registry: createSchemaRegistryClient({
          ...shared.schemaRegistry,
          url: settings.schemaRegistryUrl,
          ...(prometheus === undefined ? {} : { onUnavailable: prometheus.registryFailure }),
        }),
        registration: settings.registration,
        logger,
      });
      const producer = await startProducer({ settings, sink, metrics, logger });
      const report = setInterval(() => logger.info({ metrics: counting.counts }, 'producer metrics'), 60_000);
      await new Promise<void>((resolve) => {
        process.once('SIGTERM', () => resolve());
        process.once('SIGINT', () => resolve());
      });
      clearInterval(report);
      await producer.stop();
      await metricsHttp?.close();
      logger.info({ metrics: counting.counts }, 'producer metrics');
      process.exit(0);
    });
}
