import type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import { TaskFencedError } from '../errors/index.js';
import { createStreamTask, taskId } from '../task/stream-task.js';
import { createActiveTask, type ActiveTask, type TaskCloseMode } from './active-task.js';
import { createAtLeastOnceOutput } from './at-least-once-output.js';
import { createExactlyOnceOutput } from './exactly-once-output.js';
import type { TopicLayout } from './internal-topic-setup.js';
import { isFenced, isTransientOutage } from './kafka-errors.js';
import { restoreStores } from './restore-stores.js';
import { retryWithBackoff, TASK_START_RETRY } from './retry-with-backoff.js';
import { seekToCommitted } from './seek-to-committed.js';
import type { StreamsSettings } from './settings.js';
import { stepTimer } from './step-timer.js';
import type { TopicPartitionOffset } from './task-output.js';

export interface TaskManagerDeps {
  readonly settings: StreamsSettings;
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly consumer: Consumer;
  /** The shared producer (at-least-once only). */
  readonly producer: Producer | undefined;
  readonly layout: TopicLayout;
  /** After each commit of a task: the offsets the group has now. */
  readonly onCommitted: (offsets: readonly TopicPartitionOffset[]) => void;
  /** A task failed in a way that closing it cannot cure (see `TaskManager.fail`): the instance must stop. */
  readonly onFatal: (reason: string, error: unknown) => void;
}

/**
 * Creates tasks when they are assigned (or when a batch of theirs arrives first), in the order that
 * makes exactly-once hold across rebalances: (1) fence the previous owner (transactional producer
 * init), (2) read the group's committed offsets (now stable), (3) restore the stores from the
 * changelogs. Only then does the task process input; records before the committed offset (a zombie
 * committed them between our fetch position and our fencing) are skipped.
 */
export interface TaskManager {
  subtopologyOf(topic: string): number | undefined;
  /** The running task, created if needed; undefined when the task was revoked before it could start. */
  get(subtopology: number, partition: number): Promise<ActiveTask | undefined>;
  /** Closes (aborting open intervals) every task not in `keep`; returns the closed ids. */
  retain(keep: ReadonlySet<string>): Promise<string[]>;
  /**
   * A task's output failed (a send, a commit). Fencing (the partition moved) and a transient Kafka
   * failure (a broker died under the commit) close the task alone, dirty: its open transaction is
   * aborted (or, if it did commit, the next owner's fencing completes it), its partition is sought
   * back to its last known commit, and its next batch creates it afresh — fencing, committed
   * offsets, restore — so the records are processed once from whatever did commit. The other tasks
   * keep running. Anything else is fatal (`onFatal`).
   */
  fail(entry: ActiveTask, error: unknown): Promise<void>;
  /** For shutdown: closes every task, one after the other, each after the work queued on it. */
  closeAll(mode: TaskCloseMode): Promise<void>;
  all(): ActiveTask[];
  /**
   * For shutdown: tasks still starting give up (their restore is abandoned, their producer closed)
   * and no task starts any more; resolves once none is starting.
   */
  stopStarting(): Promise<void>;
}

export function createTaskManager(deps: TaskManagerDeps): TaskManager {
  const { settings, layout } = deps;
  const { logger } = settings;
  const creating = new Map<string, Promise<ActiveTask | undefined>>();
  const active = new Map<string, ActiveTask>();
  let assigned: ReadonlySet<string> | undefined;
  const stopping = new AbortController();
  const bySource = new Map<string, number>();
  layout.sourceTopics.forEach((topics, sub) => topics.forEach((topic) => bySource.set(topic, sub)));

  const create = async (sub: number, partition: number): Promise<ActiveTask> => {
    const subtopology = settings.topology.subtopologies[sub];
    if (subtopology === undefined) throw new RangeError(`no sub-topology ${sub}`);
    const task = createStreamTask({ ...settings, subtopology, partition, partitionCount: layout.partitions[sub] ?? 0, wallClock: settings.wallClock, logger: logger.child({ task: taskId(sub, partition) }) });
    // Each step's time is logged: a slow start (a restart with many tasks) then shows where it waited.
    const timings = stepTimer(settings.clock);
    const output =
      deps.producer === undefined
        ? await createExactlyOnceOutput({ kafka: deps.kafka, applicationId: settings.applicationId, taskId: task.id })
        : createAtLeastOnceOutput({ producer: deps.producer, consumer: deps.consumer });
    timings.step('fenceMs');
    const entry: ActiveTask = createActiveTask({ task, output, settings, onCommitted: deps.onCommitted, onTimedCommitError: (error) => void fail(entry, error) });
    try {
      entry.initialize();
      for (const { topic, partitions } of await deps.admin.fetchOffsets({ groupId: settings.applicationId, topics: [...task.sourceTopics] })) {
        const own = partitions.find((candidate) => candidate.partition === partition);
        if (own !== undefined && BigInt(own.offset) >= 0n) entry.committed.set(topic, BigInt(own.offset));
      }
      timings.step('offsetsMs');
      const restored = await restoreStores({ kafka: deps.kafka, admin: deps.admin, applicationId: settings.applicationId, task, logger, clock: settings.clock, signal: stopping.signal });
      task.reportStoreSizes();
      timings.step('restoreMs');
      logger.info({ task: task.id, restored, ...timings.steps }, 'task started');
      return entry;
    } catch (error) {
      await entry.close('dirty');
      throw error;
    }
  };

  const fail = async (entry: ActiveTask, error: unknown): Promise<void> => {
    const closing = entry.close('dirty');
    if (active.get(entry.task.id) === entry) active.delete(entry.task.id);
    await closing.catch(() => undefined);
    const fenced = isFenced(error);
    if (!fenced && !isTransientOutage(error)) {
      deps.onFatal('a task could not commit', error);
      return;
    }
    if (fenced) {
      settings.metrics.increment('streams_tasks_fenced_total', {});
      logger.info({ task: entry.task.id, err: new TaskFencedError(entry.task.id, error) }, 'task fenced, dropped');
    } else {
      settings.metrics.increment('streams_task_restarts_total', {});
      logger.warn({ task: entry.task.id, err: error }, 'task failed on a transient Kafka error: closed, it restarts from its last commit');
    }
    seekToCommitted(deps.consumer, entry.task, entry.committed, logger);
  };

  return {
    subtopologyOf: (topic) => bySource.get(topic),
    get(sub, partition) {
      const id = taskId(sub, partition);
      const existing = active.get(id);
      if (existing !== undefined) return Promise.resolve(existing);
      const stillAssigned = (): boolean => !stopping.signal.aborted && (assigned === undefined || assigned.has(id));
      let pending = creating.get(id);
      if (pending === undefined) {
        // A retry after the task moved to another instance would fence its new owner (same
        // transactional id), so every attempt first checks the task is still ours.
        const startOnce = async (): Promise<ActiveTask | undefined> => {
          if (!stillAssigned()) return undefined;
          try {
            return await create(sub, partition);
          } catch (error) {
            if (stopping.signal.aborted) return undefined; // abandoned for shutdown, not a failure
            throw error;
          }
        };
        pending = retryWithBackoff(startOnce, TASK_START_RETRY, (error, attempt) =>
          logger.warn({ task: id, attempt, err: error }, 'task start-up failed, retrying'),
        ).then(
          async (created) => {
            creating.delete(id);
            if (created === undefined) return undefined;
            if (!stillAssigned()) {
              // revoked while restoring: release the transactional id at once (RESTORING → SUSPENDED → CLOSED)
              await created.close('dirty');
              return undefined;
            }
            created.completeRestoration();
            active.set(id, created);
            return created;
          },
          (error: unknown) => {
            creating.delete(id);
            throw error;
          },
        );
        creating.set(id, pending);
      }
      return pending;
    },
    async retain(keep) {
      assigned = keep;
      const closing = [...active].filter(([id]) => !keep.has(id));
      for (const [id] of closing) active.delete(id);
      await Promise.all(closing.map(([, entry]) => entry.run(() => entry.close('dirty'))));
      return closing.map(([id]) => id);
    },
    fail,
    async closeAll(mode) {
      for (const entry of [...active.values()]) await entry.run(() => entry.close(mode));
    },
    all: () => [...active.values()],
    async stopStarting() {
      stopping.abort();
      await Promise.allSettled([...creating.values()]);
    },
  };
}
