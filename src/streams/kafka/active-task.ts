import type { StreamTask } from '../task/stream-task.js';
import type { StreamsSettings } from './settings.js';
import type { TaskOutput, TopicPartitionOffset } from './task-output.js';
import { createTaskStateMachine, type TaskState } from './task-state.js';

/**
 * How a task is closed (Kafka Streams' `closeClean` / `closeDirty`): `clean` commits its open
 * interval first; `dirty` abandons it (under exactly-once its transaction is aborted, so its records
 * are processed again by the partition's next owner, from the last commit).
 */
export type TaskCloseMode = 'clean' | 'dirty';

export interface ActiveTaskOptions {
  readonly task: StreamTask;
  readonly output: TaskOutput;
  readonly settings: Pick<StreamsSettings, 'commitIntervalMs' | 'processingGuarantee' | 'metrics' | 'logger' | 'clock'>;
  /** After each commit: the offsets the group has now (the repartition purger's input). */
  readonly onCommitted: (offsets: readonly TopicPartitionOffset[]) => void;
  /** A commit started by the commit timer, outside any batch, failed: the runtime decides the task's fate. */
  readonly onTimedCommitError: (error: unknown) => void;
}

/**
 * A task owned by this instance: the pure {@link StreamTask}, its output, its lifecycle state (see
 * `task-state.ts`) and the offsets of its current commit interval. It is created (`CREATED`) once
 * its output exists, restores (`initialize`: `RESTORING`), runs (`completeRestoration`: `RUNNING`)
 * and is closed (`close`: `SUSPENDED`, then `CLOSED`). `run` serialises everything done to it
 * (batches, timed commits, close); the other methods expect to be called inside `run`.
 */
export interface ActiveTask {
  readonly task: StreamTask;
  readonly output: TaskOutput;
  readonly state: TaskState;
  /**
   * Next offset to read per source topic, as last committed (from the group at creation, then ours);
   * when the group had none, the first offset fetched (the reset position).
   */
  readonly committed: Map<string, bigint>;
  /** Next offset to read per source topic, processed but not committed yet. */
  readonly consumed: Map<string, bigint>;
  /** Wall-clock time at which the task's stream time last advanced (or the task started running). */
  streamTimeAdvancedAt: number;
  lastStreamTime: number;
  intervalStart: number | undefined;
  dirty: boolean;
  timer: NodeJS.Timeout | undefined;
  /** CREATED → RESTORING: its committed offsets are read and its stores restored next. */
  initialize(): void;
  /** RESTORING → RUNNING: it processes from now on; its stream time is carried forward from now. */
  completeRestoration(): void;
  run<T>(work: () => Promise<T>): Promise<T>;
  offsets(): TopicPartitionOffset[];
  /**
   * Ends the commit interval: the record cache's writes (store changes, table updates; the last per
   * key) and the interval's offsets go out together (one transaction under exactly-once). Nothing
   * to do for a task not running or an empty interval.
   */
  commit(): Promise<void>;
  /** Commits now if the interval is `commitIntervalMs` old, else makes sure a timer will. */
  maybeCommit(): Promise<void>;
  /**
   * The one way a task is closed, whoever closes it (stop, revocation, failure): `clean` commits the
   * open interval first (a commit that fails is logged and the task is closed without it, as
   * `dirty`); then no more work is accepted and the commit timer stops (synchronously for `dirty`,
   * so that work queued behind a failure sees it), and the output is closed, releasing the
   * transactional id. Idempotent: a task already closing resolves when that close ends (the first
   * caller sees its failure). From any open state: SUSPENDED once it accepts no more work, CLOSED once
   * its output is closed.
   */
  close(mode: TaskCloseMode): Promise<void>;
}

export function createActiveTask(options: ActiveTaskOptions): ActiveTask {
  const { task, output, settings } = options;
  const { clock, metrics, logger } = settings;
  const lifecycle = createTaskStateMachine({ taskId: task.id, logger });
  const committed = new Map<string, bigint>();
  let tail: Promise<unknown> = Promise.resolve();
  let closing: Promise<void> | undefined;
  const consumed = new Map<string, bigint>();
  const entry: ActiveTask = {
    task,
    output,
    committed,
    consumed,
    get state() {
      return lifecycle.state;
    },
    streamTimeAdvancedAt: Date.now(),
    lastStreamTime: task.streamTime(),
    intervalStart: undefined,
    dirty: false,
    timer: undefined,
    initialize: () => lifecycle.transitionTo('RESTORING'),
    completeRestoration() {
      lifecycle.transitionTo('RUNNING');
      entry.lastStreamTime = task.streamTime();
      entry.streamTimeAdvancedAt = Date.now();
    },
    run(work) {
      const next = tail.then(work, work);
      tail = next.catch(() => undefined);
      return next;
    },
    offsets: () => [...consumed].map(([topic, offset]) => ({ topic, partition: task.partition, offset: String(offset) })),
    async commit() {
      clearTimeout(entry.timer);
      entry.timer = undefined;
      if (lifecycle.state !== 'RUNNING' || !entry.dirty) return;
      const started = clock();
      const offsets = entry.offsets();
      const flushed = await task.flush();
      if (flushed.length > 0) await output.send(flushed);
      await output.commit(offsets);
      options.onCommitted(offsets);
      metrics.observe('streams_commit_latency_ms', { mode: settings.processingGuarantee }, clock() - started);
      for (const { topic, offset } of offsets) committed.set(topic, BigInt(offset));
      consumed.clear();
      entry.intervalStart = undefined;
      entry.dirty = false;
    },
    maybeCommit() {
      const elapsed = clock() - (entry.intervalStart ?? clock());
      if (elapsed >= settings.commitIntervalMs) return entry.commit();
      entry.timer ??= setTimeout(() => {
        entry.timer = undefined;
        void entry.run(() => entry.commit()).catch(options.onTimedCommitError);
      }, settings.commitIntervalMs - elapsed);
      return Promise.resolve();
    },
    close(mode) {
      if (closing !== undefined) return closing.catch(() => undefined);
      closing = (async () => {
        if (mode === 'clean') await entry.commit().catch((error: unknown) => logger.warn({ task: task.id, err: error }, 'final commit failed'));
        lifecycle.transitionTo('SUSPENDED');
        clearTimeout(entry.timer);
        entry.timer = undefined;
        try {
          await output.close();
        } finally {
          lifecycle.transitionTo('CLOSED');
        }
        logger.debug({ task: task.id, mode }, 'task closed');
      })();
      return closing;
    },
  };
  return entry;
}
