import type { Admin, Consumer, EachBatchPayload, Producer } from 'kafkajs';
import { murmur2Partitioner } from '../partitioner/index.js';
import { StreamsFatalError } from '../errors/index.js';
import { taskId } from '../task/stream-task.js';
import { copartitionAssigners } from './copartition-assigner.js';
import { describeGroupHosts, type StreamsHost } from './group-hosts.js';
import { allAssignedRunning, queryTaskStores, storePartitions, type StoreQuery } from './interactive-queries.js';
import { setupInternalTopics, type TopicLayout } from './internal-topic-setup.js';
import { isGroupRebalance, isTransientOutage } from './kafka-errors.js';
import { startRepartitionPurger, type RepartitionPurger } from './repartition-purge.js';
import { normalizeSettings, type KafkaStreamsOptions } from './settings.js';
import { stepTimer } from './step-timer.js';
import { createTaskManager, type TaskManager } from './task-manager.js';

/**
 * Runs a {@link Topology} on Kafka (Kafka Streams `KafkaStreams`). One consumer group member per
 * instance (group id = applicationId); one task per assigned partition of each sub-topology.
 *
 * Processing: a fetched batch is processed to completion (decode → operators → encode, outputs
 * sent) before the next batch of that partition is fetched; a partition's records are processed
 * in order; a task processes one batch at a time. Every `commitIntervalMs` a task commits outputs,
 * what its record cache holds (store changes and table updates, the last per key of the interval,
 * see `stores/record-cache.ts`) and consumed offsets (one transaction under exactly-once).
 *
 * Re-keying uses repartition topics, not global tables: one mechanism that works for any table size,
 * keeps each task's state to its partitions, and keeps the stream/table processing order defined by
 * one task. A global table would need every instance to read all partitions outside the group, which
 * kafkajs (no manual `assign()`) only offers through extra consumer groups, and its updates would not
 * be synchronised with the stream's event time.
 *
 * Failures: undecodable records and (by policy) operator failures are dead-lettered by the task;
 * transient Kafka errors are retried by kafkajs with exponential backoff; a fenced task is dropped
 * (its partition moved); anything else stops the instance: `done` rejects with
 * {@link StreamsFatalError} after a clean disconnect.
 *
 * Where things are: this file wires the consumer's events (joins, batches) and the punctuation timer
 * to the tasks and runs start-up and shutdown; one task's life — process, punctuate, commit, close,
 * in the states of `task-state.ts` — is `active-task.ts`; creating, revoking and failing tasks is
 * `task-manager.ts`.
 *
 * @example
 * const streams = createKafkaStreams({ topology, kafka, applicationId: 'order-totals', deadLetterTopic: 'order-totals-dead-letter' });
 * await streams.start();
 * process.on('SIGTERM', () => void streams.stop());
 * await streams.done;
 */
export interface KafkaStreams {
  start(): Promise<void>;
  /** Commits every open interval, then leaves the group and disconnects. */
  stop(): Promise<void>;
  /** Resolves after `stop()`, rejects with {@link StreamsFatalError} when the instance stopped on its own. */
  readonly done: Promise<void>;
  /** Ids (`<subtopology>_<partition>`) of the tasks this instance runs now. */
  tasks(): string[];
  describe(): string;
  /** This instance's part of a store, read across its active tasks (see {@link StoreQuery}). */
  queryStore(name: string): StoreQuery;
  /** True once started and every task of the current assignment is restored and running. */
  ready(): boolean;
  /**
   * Every instance of the application with its advertised URL and tasks, as of the last rebalance
   * (Kafka Streams' `metadataForAllStreamsClients`): read with `admin.describeGroups` after each
   * join, again when asked after a newer join. Empty before the first join.
   */
  hosts(): Promise<StreamsHost[]>;
}

export function createKafkaStreams(options: KafkaStreamsOptions): KafkaStreams {
  const settings = normalizeSettings(options);
  const { applicationId, logger } = settings;
  const exactlyOnce = settings.processingGuarantee === 'exactly-once';
  let consumer: Consumer | undefined;
  let admin: Admin | undefined;
  let producer: Producer | undefined;
  let manager: TaskManager | undefined;
  let purger: RepartitionPurger | undefined;
  let topicLayout: TopicLayout | undefined;
  let assigned: ReadonlySet<string> | undefined;
  let joins = 0;
  let hostTable: { joins: number; hosts: Promise<StreamsHost[]> } | undefined;
  let stopping: Promise<void> | undefined;
  let settle: { resolve: () => void; reject: (error: unknown) => void } = { resolve: () => {}, reject: () => {} };
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => undefined);

  const processBatch = async ({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> => {
    const sub = manager?.subtopologyOf(batch.topic);
    if (manager === undefined || sub === undefined || stopping !== undefined) return;
    const tasks = manager;
    const entry = await withHeartbeats(tasks.get(sub, batch.partition), heartbeat);
    if (entry === undefined) return; // revoked before it could start
    await entry.run(async () => {
      if (entry.state !== 'RUNNING') return;
      const produced = await entry.process(batch, { keepGoing: () => isRunning() && !isStale() && stopping === undefined, resolveOffset });
      try {
        await entry.output.send(produced);
        entry.task.reportStoreSizes();
        if (entry.output.inFlight() > settings.maxInFlightRecords) {
          const paused = entry.task.sourceTopics.map((topic) => ({ topic, partitions: [entry.task.partition] }));
          consumer?.pause(paused);
          await entry.commit().finally(() => consumer?.resume(paused));
        } else await entry.maybeCommit();
      } catch (error) {
        await tasks.fail(entry, error);
      }
      await heartbeat().catch((error: unknown) => {
        // A rebalance goes back to kafkajs, which rejoins. A coordinator lost with its broker is
        // kafkajs' to find again in its own loop; the batch itself is done, so that is no failure.
        if (isGroupRebalance(error) || !isTransientOutage(error)) throw error;
        logger.debug({ task: entry.task.id, err: error }, 'heartbeat after a batch failed on a transient Kafka error');
      });
    });
  };

  /** Every `punctuateIntervalMs`: each task's punctuators, in its current interval, as if a batch had produced the records. */
  const punctuateAll = (): void => {
    const tasks = manager;
    for (const entry of tasks?.all() ?? []) {
      void entry
        .run(async () => {
          if (stopping === undefined) await entry.punctuate();
        })
        .catch((error: unknown) => tasks?.fail(entry, error));
    }
  };
  let punctuation: NodeJS.Timeout | undefined;

  const fatal = async (reason: string, error: unknown): Promise<void> => {
    const failure = error instanceof StreamsFatalError ? error : new StreamsFatalError(applicationId, reason, error);
    logger.error({ err: failure }, 'streams application stopping on a fatal error');
    await shutdown(false).catch((closeError: unknown) => logger.warn({ err: closeError }, 'error while stopping'));
    settle.reject(failure);
  };

  /** The routing table of the last join, described once per join (a failed describe is retried at the next call). */
  const hosts = (): Promise<StreamsHost[]> => {
    if (admin === undefined || manager === undefined || joins === 0) return Promise.resolve([]);
    if (hostTable === undefined || hostTable.joins < joins) {
      const table = { joins, hosts: describeGroupHosts(admin, applicationId, manager.subtopologyOf) };
      hostTable = table;
      table.hosts.catch(() => (hostTable === table ? (hostTable = undefined) : undefined));
    }
    return hostTable.hosts;
  };

  const shutdown = (commitOpen: boolean): Promise<void> =>
    (stopping ??= (async () => {
      // Each phase's duration is logged: a stop that overruns the service's shutdown timeout then
      // shows where it waited.
      const timings = stepTimer(settings.clock);
      const phaseDone = (name: string): void => {
        logger.debug({ phase: name, ms: timings.step(name) }, 'stop phase done');
      };
      clearInterval(punctuation);
      await consumer?.stop();
      phaseDone('consumerStopMs');
      // A task still restoring (assigned just before the stop) would otherwise open its producer
      // after the shutdown and keep the process alive.
      await manager?.stopStarting();
      phaseDone('startingTasksMs');
      const tasks = manager?.all() ?? [];
      await manager?.closeAll(commitOpen ? 'clean' : 'dirty');
      phaseDone('closeTasksMs');
      await purger?.stop();
      await consumer?.disconnect();
      await producer?.disconnect();
      await admin?.disconnect();
      phaseDone('disconnectMs');
      logger.info({ tasks: tasks.length, ...timings.steps }, 'streams instance stopped');
    })());

  return {
    async start() {
      const kafka = settings.kafka();
      const client = kafka.admin();
      admin = client;
      await client.connect();
      const layout = await setupInternalTopics(client, settings.topology, applicationId, { replicationFactor: settings.replicationFactor, clock: settings.clock });
      topicLayout = layout;
      consumer = kafka.consumer({
        groupId: applicationId,
        readUncommitted: false,
        partitionAssigners: copartitionAssigners({ topicGroups: layout.sourceTopics, advertisedUrl: settings.advertisedUrl, legacyNames: settings.legacyAssignorNames }),
        maxBytesPerPartition: settings.maxBytesPerPartition,
        sessionTimeout: settings.sessionTimeoutMs,
        heartbeatInterval: Math.min(3000, Math.floor(settings.sessionTimeoutMs / 3)),
      });
      if (!exactlyOnce) {
        producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: murmur2Partitioner });
        await producer.connect();
      }
      manager = createTaskManager({
        settings,
        kafka,
        admin: client,
        consumer,
        producer,
        layout,
        onCommitted: (offsets) => purger?.committed(offsets),
        // Not awaited: shutdown waits for the batch that failed.
        onFatal: (reason, error) => void fatal(reason, error),
      });
      purger = startRepartitionPurger({
        admin: client,
        repartitionTopics: new Set(layout.internalTopics.filter((spec) => spec.kind === 'repartition').map((spec) => spec.name)),
        intervalMs: settings.repartitionPurgeIntervalMs,
        logger,
      });
      const tasks = manager;
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        const keep = new Set<string>();
        for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
          const sub = tasks.subtopologyOf(topic);
          if (sub !== undefined) for (const partition of partitions) keep.add(taskId(sub, partition));
        }
        logger.info({ tasks: [...keep].sort() }, 'tasks assigned');
        assigned = keep;
        joins += 1;
        void hosts().catch((error: unknown) => logger.warn({ err: error }, 'describing the group for query routing failed'));
        void tasks.retain(keep).catch((error: unknown) => fatal('closing revoked tasks failed', error));
        // Restore now, not at the first batch: a task is ready as soon as its partition has input.
        for (const id of keep) {
          const [sub, partition] = id.split('_').map(Number);
          if (sub !== undefined && partition !== undefined) void tasks.get(sub, partition).catch((error: unknown) => fatal(`task ${id} could not start`, error));
        }
      });
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) void fatal('the consumer crashed', payload.error);
      });
      await consumer.connect();
      await consumer.subscribe({ topics: layout.sourceTopics.flat(), fromBeginning: true });
      // Always: a processor may schedule punctuations from its `init`, which the topology cannot tell.
      punctuation = setInterval(punctuateAll, settings.punctuateIntervalMs);
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: settings.partitionsConsumedConcurrently,
        eachBatch: async (payload) => {
          try {
            await processBatch(payload);
          } catch (error) {
            // A rebalance seen by a heartbeat goes back to kafkajs, which rejoins the group; the batch
            // itself was processed (see the position check above for what kafkajs fetches again).
            if (isGroupRebalance(error)) throw error;
            // Not thrown to kafkajs (it would retry the batch forever): stop the instance instead.
            void fatal('a batch could not be processed', error);
          }
        },
      });
    },
    async stop() {
      await shutdown(true);
      settle.resolve();
    },
    done,
    tasks: () => (manager?.all() ?? []).filter((entry) => entry.state === 'RUNNING').map((entry) => entry.task.id).sort(),
    describe: () => settings.topology.describe(applicationId),
    queryStore: (name) => queryTaskStores(manager?.all() ?? [], name, storePartitions(settings.topology, topicLayout, name)),
    ready: () => stopping === undefined && allAssignedRunning(assigned, manager?.all() ?? []),
    hosts,
  };
}

/** Keeps the group membership alive while a batch waits for its task to restore. */
async function withHeartbeats<T>(work: Promise<T>, heartbeat: () => Promise<void>): Promise<T> {
  const timer = setInterval(() => void heartbeat().catch(() => undefined), 1000);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}
