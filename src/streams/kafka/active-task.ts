import type { StreamTask } from '../task/stream-task.js';
import type { TaskOutput, TopicPartitionOffset } from './task-output.js';

/**
 * A task owned by this instance: the pure {@link StreamTask}, its output, and the offsets of its
 * current commit interval. `run` serialises everything done to it (batches, timed commits, close).
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
}

export function createActiveTask(task: StreamTask, output: TaskOutput, committed: Map<string, bigint>, now: number = Date.now()): ActiveTask {
  let tail: Promise<unknown> = Promise.resolve();
  const consumed = new Map<string, bigint>();
  return {
    task,
    output,
    committed,
    consumed,
    streamTimeAdvancedAt: now,
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
  };
}
