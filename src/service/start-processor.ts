import type { SharedSettings } from '../config/index.js';
import { applyTopics, createKafkaClient, topicCatalog, topicNames } from '../kafka/index.js';
import type { Logger } from '../logging/index.js';
import { createSchemaRegistryClient, registerSubjects, subjectSchemas } from '../serde/index.js';
import { createKafkaStreams, superviseStreams, type KafkaStreams, type StreamsMetrics } from '../streams/index.js';
import { buildGlusterTopology, createGlusterSerdes } from './gluster-serdes.js';
import { startProcessorHttp, type Readiness, type StoreReader } from './http/index.js';
import { publishHttpUrl } from './http-url-file.js';
import { createServiceMetrics, startConsumerLagPoller, teeStreamsMetrics } from './metrics/index.js';
import type { ProcessorSettings } from './processor-settings.js';

export interface RunningProcessor {
  readonly streams: KafkaStreams;
  /** Where health, metrics, queries and the web view are served, e.g. `http://127.0.0.1:8088`. */
  readonly httpUrl: string;
  /** Finishes the open batches, commits, leaves the group, disconnects, then closes the HTTP server. Idempotent. */
  stop(): Promise<void>;
}

const LAG_POLL_MS = 5_000;

/**
 * The group protocol name processors used for the streams runtime's co-partition assignor before it
 * was renamed `streams-copartition`. Offered second, so that during a rolling upgrade the processors
 * not yet upgraded (which offer only this name) and upgraded ones share the group; the group moves to
 * the new name once the last old processor has left. Remove it in a release after this one, once no
 * processor older than this version can still join the group (after one completed rolling upgrade,
 * or a full stop of the group); see the README's upgrade note.
 */
const PRE_RENAME_ASSIGNOR = 'GlusterCopartitionAssigner';

/**
 * Starts the processing service: the HTTP server first (so `/healthz` answers and `/readyz` says
 * why it is not ready during start-up), then makes sure the contract topics exist (idempotent),
 * registers the schemas when asked (development; production registers through CI), and runs the
 * Gluster topology on Kafka with the configured processing guarantee. Metrics go to a prom-client
 * registry served on `/metrics` (and to `options.metrics` too, when given).
 */
export async function startProcessor(options: {
  readonly shared: SharedSettings;
  readonly settings: ProcessorSettings;
  readonly logger: Logger;
  readonly metrics?: StreamsMetrics;
}): Promise<RunningProcessor> {
  const { shared, settings, logger } = options;
  const names = topicNames(shared.topicPrefix);
  const kafka = createKafkaClient({ ...shared.kafka, logger: logger.child({ component: 'kafkajs' }) });
  const service = createServiceMetrics();
  const registry = createSchemaRegistryClient({ ...shared.schemaRegistry, onUnavailable: service.registryFailure });
  const metrics = options.metrics === undefined ? service.streams : teeStreamsMetrics(service.streams, options.metrics);

  let streams: KafkaStreams | undefined;
  /** Not ready with this reason; `undefined` once started: then readiness is the streams instance's. */
  let notReady: string | undefined = 'starting: checking topics and joining the consumer group';
  const reader: StoreReader = {
    queryStore: (name) => streams?.queryStore(name) ?? { store: name, entries: [], tasks: [], partitions: 0, partial: true },
  };
  const probe = (): Readiness => {
    if (notReady !== undefined || streams === undefined) return { ready: false, reason: notReady ?? 'starting' };
    return streams.ready() ? { ready: true, reason: `running ${streams.tasks().length} tasks` } : { ready: false, reason: `restoring: ${streams.tasks().length} tasks running, others of the assignment still restoring` };
  };
  // Known once listening (port 0 = a free port); the group learns it through the assignor's userData.
  let advertisedUrl = settings.advertisedUrl;
  const directory = { self: () => advertisedUrl, hosts: () => streams?.hosts() ?? Promise.resolve([]) };
  const http = await startProcessorHttp({ host: settings.httpHost, port: settings.httpPort, reader, directory, readiness: probe, registry: service.registry, logger: logger.child({ component: 'http' }) });
  advertisedUrl ??= http.url;
  const unpublishUrl = await publishHttpUrl(settings.httpUrlFile, http.localUrl, logger);
  const lag = startConsumerLagPoller({ admin: kafka.admin(), groupId: settings.applicationId, registry: service.registry, intervalMs: LAG_POLL_MS, logger });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      notReady = 'stopping';
      try {
        await streams?.stop();
      } finally {
        await lag.stop();
        await unpublishUrl();
        await http.close();
      }
    })());

  try {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const changes = await applyTopics(admin, topicCatalog(shared.topicPrefix));
      logger.info({ changes: changes.filter((change) => change.action !== 'unchanged') }, 'topics checked');
    } finally {
      await admin.disconnect();
    }
    if (settings.registerSchemas) await registerSubjects(registry, subjectSchemas(shared.topicPrefix));

    const topology = buildGlusterTopology({
      names,
      serdes: createGlusterSerdes({ registry, names, registration: settings.registerSchemas ? 'register' : 'lookup' }),
      settings: settings.pipelines,
    });
    const streamsLogger = logger.child({ component: 'streams' });
    // Supervised: when Kafka goes away long enough for a commit to fail, a fresh instance takes over
    // once it is back (restoring from the changelogs) instead of the whole service stopping.
    const created = superviseStreams(
      () =>
        createKafkaStreams({
          topology,
          kafka,
          applicationId: settings.applicationId,
          deadLetterTopic: names.deadLetter,
          processingGuarantee: settings.processingGuarantee,
          commitIntervalMs: settings.commitIntervalMs,
          cacheMaxEntries: settings.cacheMaxEntries,
          punctuateIntervalMs: settings.pipelines.punctuateEveryMs,
          ...(advertisedUrl === undefined ? {} : { advertisedUrl }),
          legacyAssignorNames: [PRE_RENAME_ASSIGNOR],
          logger: streamsLogger,
          metrics,
        }),
      { logger: streamsLogger, metrics },
    );
    streams = created;
    created.done.catch((error: unknown) => {
      notReady = `failed: ${error instanceof Error ? error.message : String(error)}`;
    });
    await created.start();
    if (notReady?.startsWith('starting') === true) notReady = undefined;
    logger.info({ applicationId: settings.applicationId, guarantee: settings.processingGuarantee, tasks: created.tasks().length, http: http.url, advertisedUrl }, 'processor started');
    return { streams: created, httpUrl: http.url, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
