import { join } from 'node:path';
import type { SharedSettings } from '../config/index.js';
import { createKafkaClient, topicNames } from '../kafka/index.js';
import type { Logger } from '../logging/index.js';
import { createCountingMetrics, createKafkaSink, DEFAULT_WATCHED_SERVICES, settlesWithin, startProducer, type RunningProducer } from '../producer/index.js';
import { createSchemaRegistryClient } from '../serde/index.js';
import { startProcessor, type ProcessorSettings, type RunningProcessor } from '../service/index.js';
import { startSimulatedCluster, type NodeSpecInput, type SimulatedCluster } from '../simulator/index.js';

/**
 * The whole system on one machine: simulated Gluster nodes (each on its own dbus-daemon), one thin
 * producer per node, and the processor, against a given Kafka + registry. Used by `demo` and by the
 * end-to-end tests, which also need to kill a node's producer or restart the processor mid-run.
 */
export interface LocalPipeline {
  readonly cluster: SimulatedCluster;
  readonly names: ReturnType<typeof topicNames>;
  processor(): RunningProcessor | undefined;
  /** Stops a node's producer without flushing, as a crash would (its heartbeats stop). */
  killProducer(nodeId: string): Promise<void>;
  startProducer(nodeId: string): Promise<void>;
  stopProcessor(): Promise<void>;
  startProcessor(): Promise<void>;
  stop(): Promise<void>;
}

export interface LocalPipelineOptions {
  readonly shared: SharedSettings;
  /** Omitted: no processor in this process (the caller runs one elsewhere, e.g. the CLI as a child). */
  readonly processor?: ProcessorSettings;
  readonly nodes: readonly NodeSpecInput[];
  /** Short folder for buses and spools (unix socket paths are limited to 107 bytes). */
  readonly dir: string;
  readonly heartbeatMs?: number;
  readonly logger: Logger;
}

/**
 * A send to a dead cluster ends only after the sink's kafkajs retries, each of which may reconnect
 * with the client's own retries: 17.9 s from stop to release in the dbus-and-spool fault test.
 */
const SPOOL_RELEASE_TIMEOUT_MS = 120_000;

export async function startLocalPipeline(options: LocalPipelineOptions): Promise<LocalPipeline> {
  const { shared, logger } = options;
  const names = topicNames(shared.topicPrefix);
  const registry = createSchemaRegistryClient(shared.schemaRegistry);
  const cluster = await startSimulatedCluster({ dir: join(options.dir, 'nodes'), nodes: options.nodes, logger: logger.child({ component: 'simulator' }) });
  const producers = new Map<string, RunningProducer>();
  let processor: RunningProcessor | undefined;

  const startNodeProducer = async (nodeId: string): Promise<void> => {
    const node = cluster.node(nodeId);
    const producerLogger = logger.child({ component: 'producer', nodeId });
    const kafka = createKafkaClient({ ...shared.kafka, clientId: `${shared.kafka.clientId}-producer-${nodeId}`, logger: producerLogger });
    const sink = createKafkaSink({ kafka, topic: names.raw, registry, registration: 'register', logger: producerLogger });
    producers.set(
      nodeId,
      await startProducer({
        settings: {
          busAddress: node.busAddress,
          nodeId,
          glusterUuid: node.glusterUuid,
          spool: { dir: join(options.dir, 'spool', nodeId), maxBytes: 64 * 1024 * 1024, fsync: 'interval' },
          heartbeatMs: options.heartbeatMs ?? 10_000,
          services: DEFAULT_WATCHED_SERVICES,
          flushTimeoutMs: 5_000,
          callTimeoutMs: 5_000,
          reconnect: { initialMs: 200, maxMs: 5_000 },
        },
        sink,
        metrics: createCountingMetrics(),
        logger: producerLogger,
      }),
    );
  };

  const pipeline: LocalPipeline = {
    cluster,
    names,
    processor: () => processor,
    async killProducer(nodeId) {
      const producer = producers.get(nodeId);
      producers.delete(nodeId);
      if (producer === undefined) return;
      const stopping = performance.now();
      await producer.stop();
      // In one process the next producer of this node takes the same spool: it may only once a send
      // still being retried has ended, or both would deliver what that send carried.
      const released = await settlesWithin(producer.closed, SPOOL_RELEASE_TIMEOUT_MS);
      if (!released) throw new Error(`${nodeId}'s producer did not release its spool within ${SPOOL_RELEASE_TIMEOUT_MS} ms of stopping (a Kafka send still retried)`);
      logger.info({ nodeId, ms: Math.round(performance.now() - stopping) }, 'producer stopped and its spool released');
    },
    startProducer: startNodeProducer,
    async stopProcessor() {
      const running = processor;
      processor = undefined;
      await running?.stop();
    },
    async startProcessor() {
      if (options.processor === undefined) throw new Error('this local pipeline runs no processor of its own (started without processor settings)');
      processor ??= await startProcessor({ shared, settings: options.processor, logger: logger.child({ component: 'processor' }) });
    },
    async stop() {
      await pipeline.stopProcessor().catch((error: unknown) => logger.warn({ err: error }, 'processor stop failed'));
      await Promise.allSettled([...producers.keys()].map((nodeId) => pipeline.killProducer(nodeId)));
      await cluster.stop();
    },
  };
  try {
    if (options.processor !== undefined) await pipeline.startProcessor();
    for (const node of cluster.nodes) await startNodeProducer(node.nodeId);
  } catch (error) {
    await pipeline.stop();
    throw error;
  }
  return pipeline;
}
