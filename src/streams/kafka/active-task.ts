import type { StreamTask } from '../task/stream-task.js';
import type { StreamsSettings } from './settings.js';
import type { TaskOutput, TopicPartitionOffset } from './task-output.js';

/**
 * How a task is closed (Kafka Streams' `closeClean` / `closeDirty`): `clean` commits its open
 * interval first; `dirty` abandons it (under exactly-once its transaction is aborted, so its records
 * are processed again by the partition's next owner, from the last commit).
 */
export type TaskCloseMode = 'clean' | 'dirty';

export interface ActiveTaskOptions {
  readonly task: StreamTask;
  readonly output: TaskOutput;
  /** Next offset to read per source topic, as last committed by the group (see `ActiveTask.committed`). */
  readonly committed: Map<string, bigint>;
  readonly settings: Pick<StreamsSettings, 'commitIntervalMs' | 'processingGuarantee' | 'metrics' | 'logger' | 'clock'>;
  /** After each commit: the offsets the group has now (the repartition purger's input). */
  readonly onCommitted: (offsets: readonly TopicPartitionOffset[]) => void;
  /** A commit started by the commit timer, outside any batch, failed: the runtime decides the task's fate. */
  readonly onTimedCommitError: (error: unknown) => void;
  /** Wall-clock time the task starts at. */
  readonly now?: number;
}

/**
 * A task owned by this instance: the pure {@link StreamTask}, its output, and the offsets of its
 * current commit interval. `run` serialises everything done to it (batches, timed commits, close);
 * the other methods expect to be called inside `run`.
 */
export interface ActiveTask {
  readonly task: StreamTask;
  readonly output: TaskOutput;
  /**
   * Next offset to read per source topic, as last committed (from the group at creation, then ours);
   * when the group had none, the first offset fetched (the reset position).
   */
  readonly committed: Map<string, bigint>;
  /** Next offset to read per source topic, processed but not committed yet. */
  readonly consumed: Map<string, bigint>;
  /** Wall-clock time at which the task's stream time last advanced (or the task started). */
  streamTimeAdvancedAt: number;
  lastStreamTime: number;
  intervalStart: number | undefined;
  dirty: boolean;
  closed: boolean;
  timer: NodeJS.Timeout | undefined;
  run<T>(work: () => Promise<T>): Promise<T>;
  offsets(): TopicPartitionOffset[];
  /**
   * Ends the commit interval: the record cache's writes (store changes, table updates; the last per
   * key) and the interval's offsets go out together (one transaction under exactly-once). Nothing
   * to do for a closed task or an empty interval.
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
   * caller sees its failure).
   */
  close(mode: TaskCloseMode): Promise<void>;
}

export function createActiveTask(options: ActiveTaskOptions): ActiveTask {
  const { task, output, committed, settings } = options;
  const { clock, metrics, logger } = settings;
  let tail: Promise<unknown> = Promise.resolve();
  let closing: Promise<void> | undefined;
  const consumed = new Map<string, bigint>();
  const entry: ActiveTask = {
    task,
    output,
    committed,
    consumed,
    streamTimeAdvancedAt: options.now ?? Date.now(),
    lastStreamTime: task.streamTime(),
    intervalStart: undefined,
    dirty: false,
    closed: false,
    timer: undefined,
    run(work) {
      const next = tail.then(work, work);
      tail = next.catch(() => undefined);
      return next;
    },
    offsets: () => [...consumed].map(([topic, offset]) => ({ topic, partition: task.partition, offset: String(offset) })),
    async commit() {
      clearTimeout(entry.timer);
      entry.timer = undefined;
      if (entry.closed || !entry.dirty) return;
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
        entry.closed = true;
        clearTimeout(entry.timer);
        entry.timer = undefined;
        await output.close();
        logger.debug({ task: task.id, mode }, 'task closed');
      })();
      return closing;
    },
  };
  return entry;
}
