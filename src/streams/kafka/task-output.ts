import type { ProducedRecord } from '../record.js';

/** The next offset to read, per input topic-partition of a task. */
export interface TopicPartitionOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/**
 * Where a task's produced records go and how its commit interval ends; one implementation per
 * processing guarantee, so the task loop does not branch on the guarantee.
 */
export interface TaskOutput {
  /** Adds records to the current commit interval. */
  send(records: readonly ProducedRecord[]): Promise<void>;
  /** Makes the interval's records and these consumed offsets durable together. */
  commit(offsets: readonly TopicPartitionOffset[]): Promise<void>;
  /** Records sent but not yet acknowledged (at-least-once only; exactly-once awaits every send). */
  inFlight(): number;
  /** Abandons the open interval (aborts its transaction) and releases the task's resources. */
  close(): Promise<void>;
}

/** kafkajs `sendOffsets` / `commitOffsets` shape. */
export function offsetsByTopic(offsets: readonly TopicPartitionOffset[]): Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }> {
  const byTopic = new Map<string, Array<{ partition: number; offset: string }>>();
  for (const { topic, partition, offset } of offsets) byTopic.set(topic, [...(byTopic.get(topic) ?? []), { partition, offset }]);
  return [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
}
