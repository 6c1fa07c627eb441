import type { StreamTask } from '../task/stream-task.js';
import type { TaskOutput, TopicPartitionOffset } from './task-output.js';

/**
 * A task owned by this instance: the pure {@link StreamTask}, its output, and the offsets of its
 * current commit interval. `run` serialises everything done to it (batches, timed commits, close).
 */
export interface ActiveTask {
  readonly task: StreamTask;
  readonly output: TaskOutput;
  /** Next offset to read per source topic, as last committed (from the group at creation, then ours). */
  readonly committed: Map<string, bigint>;
  /** Next offset to read per source topic, processed but not committed yet. */
  readonly consumed: Map<string, bigint>;
  /**
   * Per source topic: how many offsets the task is behind the partition's end, as last seen (at
   * creation, then from each fetched batch's high watermark). Wall-clock punctuation waits until the
   * task has caught up: a backlog after a restart must not look like silence.
   */
  readonly lag: Map<string, bigint>;
  intervalStart: number | undefined;
  dirty: boolean;
  closed: boolean;
  timer: NodeJS.Timeout | undefined;
  run<T>(work: () => Promise<T>): Promise<T>;
  offsets(): TopicPartitionOffset[];
  /** True when every source partition is read up to its end (a trailing transaction marker allowed). */
  caughtUp(): boolean;
}

export function createActiveTask(task: StreamTask, output: TaskOutput, committed: Map<string, bigint>, lag: Map<string, bigint> = new Map()): ActiveTask {
  let tail: Promise<unknown> = Promise.resolve();
  const consumed = new Map<string, bigint>();
  return {
    task,
    output,
    committed,
    consumed,
    lag,
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
    caughtUp: () => [...lag.values()].every((behind) => behind <= 1n),
  };
}
