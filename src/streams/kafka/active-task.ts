import type { Batch } from 'kafkajs';
import type { ProducedRecord } from '../record.js';
import { isPromiseLike } from '../task/maybe-async.js';
import type { StreamTask } from '../task/stream-task.js';
import { carriedStreamTime } from './carried-stream-time.js';
import { toRawRecord } from './messages.js';
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
  readonly settings: Pick<StreamsSettings, 'commitIntervalMs' | 'processingGuarantee' | 'metrics' | 'logger' | 'clock' | 'wallClock'>;
  /** After each commit: the offsets the group has now (the repartition purger's input). */
  readonly onCommitted: (offsets: readonly TopicPartitionOffset[]) => void;
  /** A commit started by the commit timer, outside any batch, failed: the runtime decides the task's fate. */
  readonly onTimedCommitError: (error: unknown) => void;
}

/**
 * A task owned by this instance (Kafka Streams' active `StreamTask`): the pure {@link StreamTask},
 * its output, its lifecycle state (see `task-state.ts`) and its open commit interval. Created
 * (`CREATED`) once its output exists, it restores (`initialize`: `RESTORING`), runs
 * (`completeRestoration`: `RUNNING`) and is closed (`close`: `SUSPENDED`, then `CLOSED`). It
 * processes, punctuates and commits only while `RUNNING`.
 *
 * `run` serialises everything done to it (batches, punctuation, timed commits, close); the other
 * methods expect to be called inside `run`.
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
  /** CREATED → RESTORING: its committed offsets are read and its stores restored next. */
  initialize(): void;
  /** RESTORING → RUNNING: it processes from now on; its stream time is carried forward from now. */
  completeRestoration(): void;
  run<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Processes a fetched batch in order from the task's position, while `keepGoing()`; resolves the
   * offset of the last record handled (also when processing throws) and returns what the records
   * produced, to be sent in the open interval. What processing throws is the caller's (fatal).
   */
  process(batch: Pick<Batch, 'topic' | 'partition' | 'messages'>, options: { keepGoing(): boolean; resolveOffset(offset: string): void }): Promise<ProducedRecord[]>;
  /**
   * Runs the punctuators at one reading of the wall clock: stream-time punctuation on the stream time
   * carried forward to it (see `carried-stream-time.ts`), wall-clock punctuation on it; sends what
   * they produce in the open interval.
   */
  punctuate(): Promise<void>;
  /**
   * Ends the commit interval: the record cache's writes (store changes, table updates; the last per
   * key) and the interval's offsets go out together (one transaction under exactly-once). Nothing
   * to do for a task not running or an empty interval.
   */
  commit(): Promise<void>;
  /** Commits now if the interval is `commitIntervalMs` old, else makes sure a timer will. */
  maybeCommit(): Promise<void>;
  /**
   * The one way a task is closed, whoever closes it (stop, revocation, failure, failed start-up):
   * `clean` commits the open interval first (a commit that fails is logged and the task is closed
   * without it, as `dirty`); then it is SUSPENDED: no more work is accepted and the commit timer
   * stops (synchronously for `dirty`, so that work queued behind a failure sees it); then its
   * output is closed, releasing the transactional id, and it is CLOSED. Idempotent: a task already
   * closing resolves when that close ends (the first caller sees its failure).
   */
  close(mode: TaskCloseMode): Promise<void>;
}

export function createActiveTask(options: ActiveTaskOptions): ActiveTask {
  const { task, output, settings } = options;
  const { clock, wallClock, metrics, logger } = settings;
  const lifecycle = createTaskStateMachine({ taskId: task.id, logger });
  const committed = new Map<string, bigint>();
  /** Next offset to read per source topic, processed but not committed yet. */
  const consumed = new Map<string, bigint>();
  let streamTime = carriedStreamTime(task.streamTime(), wallClock());
  let intervalStart: number | undefined;
  let dirty = false;
  let timer: NodeJS.Timeout | undefined;
  let tail: Promise<unknown> = Promise.resolve();
  let closing: Promise<void> | undefined;

  const inInterval = (): void => {
    intervalStart ??= clock();
    dirty = true;
  };

  const commit = async (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    if (lifecycle.state !== 'RUNNING' || !dirty) return;
    const started = clock();
    const offsets: TopicPartitionOffset[] = [...consumed].map(([topic, offset]) => ({ topic, partition: task.partition, offset: String(offset) }));
    const flushed = await task.flush();
    if (flushed.length > 0) await output.send(flushed);
    await output.commit(offsets);
    options.onCommitted(offsets);
    metrics.observe('streams_commit_latency_ms', { mode: settings.processingGuarantee }, clock() - started);
    for (const { topic, offset } of offsets) committed.set(topic, BigInt(offset));
    consumed.clear();
    intervalStart = undefined;
    dirty = false;
  };

  const entry: ActiveTask = {
    task,
    output,
    committed,
    get state() {
      return lifecycle.state;
    },
    initialize: () => lifecycle.transitionTo('RESTORING'),
    completeRestoration() {
      lifecycle.transitionTo('RUNNING');
      streamTime = carriedStreamTime(task.streamTime(), wallClock());
    },
    run(work) {
      const next = tail.then(work, work);
      tail = next.catch(() => undefined);
      return next;
    },
    async process({ topic, partition, messages }, { keepGoing, resolveOffset }) {
      const produced: ProducedRecord[] = [];
      const first = messages[0];
      // Nothing committed yet: kafkajs started at the group's reset position (earliest), which is
      // where a fenced task must seek back to; without it the records of its aborted transaction
      // would be skipped.
      if (!committed.has(topic) && first !== undefined) committed.set(topic, BigInt(first.offset));
      // After a rebalance that kept this task, kafkajs fetches again from the group's committed
      // offsets (our last commit), but the records up to the task's position are already in its open
      // transaction, which still commits: skip them, or they would be processed twice.
      const position = consumed.get(topic) ?? committed.get(topic) ?? -1n;
      // Offsets are resolved once per batch (up to the last record handled): kafkajs parses each
      // resolved offset into a Long, a measurable cost per record for no gain here.
      let handled: string | undefined;
      try {
        for (const message of messages) {
          if (!keepGoing()) break;
          const offset = BigInt(message.offset);
          if (offset >= position) {
            const out = task.process(toRawRecord(topic, partition, message));
            for (const record of isPromiseLike(out) ? await out : out) produced.push(record);
            consumed.set(topic, offset + 1n);
            inInterval();
          }
          handled = message.offset;
        }
      } finally {
        if (handled !== undefined) resolveOffset(handled);
      }
      streamTime.observe(task.streamTime(), wallClock());
      return produced;
    },
    async punctuate() {
      if (lifecycle.state !== 'RUNNING') return;
      const now = wallClock();
      const produced = await task.punctuate(streamTime.offered(task.streamTime(), now), now);
      if (produced.length === 0) return;
      await output.send(produced);
      inInterval();
      await entry.maybeCommit();
    },
    commit,
    maybeCommit() {
      const elapsed = clock() - (intervalStart ?? clock());
      if (elapsed >= settings.commitIntervalMs) return commit();
      timer ??= setTimeout(() => {
        timer = undefined;
        void entry.run(commit).catch(options.onTimedCommitError);
      }, settings.commitIntervalMs - elapsed);
      return Promise.resolve();
    },
    close(mode) {
      if (closing !== undefined) return closing.catch(() => undefined);
      closing = (async () => {
        if (mode === 'clean') await commit().catch((error: unknown) => logger.warn({ task: task.id, err: error }, 'final commit failed'));
        lifecycle.transitionTo('SUSPENDED');
        clearTimeout(timer);
        timer = undefined;
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
