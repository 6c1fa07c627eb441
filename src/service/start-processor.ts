import type { SharedSettings } from '../config/index.js';
import { applyTopics, createKafkaClient, topicCatalog, topicNames } from '../kafka/index.js';
import type { Logger } from '../logging/index.js';
import { createSchemaRegistryClient, registerSubjects, subjectSchemas } from '../serde/index.js';
import { createKafkaStreams, type KafkaStreams, type StreamsMetrics } from '../streams/index.js';
import { buildGlusterTopology, createGlusterSerdes } from './gluster-serdes.js';
import type { ProcessorSettings } from './processor-settings.js';

export interface RunningProcessor {
  readonly streams: KafkaStreams;
  /** Finishes the open batches, commits, leaves the group, disconnects. */
  stop(): Promise<void>;
}

/**
 * Starts the processing service's pipelines: makes sure the contract topics exist (idempotent),
 * registers the schemas when asked (development; production registers through CI), then runs the
 * Gluster topology on Kafka with the configured processing guarantee.
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
  const registry = createSchemaRegistryClient({ url: shared.schemaRegistry.url });

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
  const streams = createKafkaStreams({
    topology,
    kafka,
    applicationId: settings.applicationId,
    deadLetterTopic: names.deadLetter,
    processingGuarantee: settings.processingGuarantee,
    commitIntervalMs: settings.commitIntervalMs,
    punctuateIntervalMs: settings.pipelines.punctuateEveryMs,
    logger: logger.child({ component: 'streams' }),
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
  });
  await streams.start();
  logger.info({ applicationId: settings.applicationId, guarantee: settings.processingGuarantee, tasks: streams.tasks().length }, 'processor started');
  return { streams, stop: () => streams.stop() };
}
