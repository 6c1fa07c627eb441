import type { Topology } from '../topology/topology.js';
import type { ActiveTask } from './active-task.js';
import type { TopicLayout } from './internal-topic-setup.js';

/**
 * What one instance holds of a store (Kafka Streams interactive queries, local only): the entries of
 * every active task that has the store, and which tasks answered. A store is partitioned like its
 * sub-topology, so with several instances each holds only the keys of its own partitions: `partial`
 * says so (fewer tasks answered than the store has partitions), and the caller must ask the others.
 *
 * Reads are a synchronous snapshot between two records: they see writes not yet committed (as Kafka
 * Streams' in-memory stores do), never half a record's writes.
 *
 * @example
 * const { entries, tasks, partial } = streams.queryStore('order-totals');
 */
export interface StoreQuery {
  readonly store: string;
  readonly entries: ReadonlyArray<readonly [key: unknown, value: unknown]>;
  /** Ids of the local tasks whose entries are included, sorted. */
  readonly tasks: readonly string[];
  /** The store's partition count (its sub-topology's task count); 0 before the instance started. */
  readonly partitions: number;
  /** True when this instance does not hold every partition of the store. */
  readonly partial: boolean;
}

/** Reads `name` from every running task that has it; `partitions` is the store's partition count. */
export function queryTaskStores(tasks: ReadonlyArray<Pick<ActiveTask, 'task' | 'state'>>, name: string, partitions: number): StoreQuery {
  const entries: Array<readonly [unknown, unknown]> = [];
  const answered: string[] = [];
  for (const { task, state } of tasks) {
    const spec = task.stores.specs.find((candidate) => candidate.name === name);
    if (state !== 'RUNNING' || spec === undefined) continue;
    answered.push(task.id);
    if (spec.kind === 'ttl') for (const entry of task.stores.ttl(spec).entries()) entries.push([entry.key, entry.value]);
    else if (spec.kind === 'window') for (const entry of task.stores.window(spec.name).all()) entries.push(entry);
    else for (const entry of task.stores.keyValue(spec).entries()) entries.push(entry);
  }
  return { store: name, entries, tasks: answered.sort(), partitions, partial: answered.length < partitions };
}

/** The partition count of the sub-topology that owns store `name` (0 if unknown or not started). */
export function storePartitions(topology: Topology, layout: TopicLayout | undefined, name: string): number {
  const sub = topology.subtopologies.find((candidate) => candidate.stores.some((store) => store.name === name));
  return sub === undefined ? 0 : (layout?.partitions[sub.id] ?? 0);
}

/**
 * Ready = started, not stopping, and every task of the last assignment in the `RUNNING` state
 * (restored; an instance assigned nothing is ready). Kafka Streams' RUNNING state, minus rebalances
 * in flight.
 */
export function allAssignedRunning(assigned: ReadonlySet<string> | undefined, tasks: ReadonlyArray<Pick<ActiveTask, 'task' | 'state'>>): boolean {
  if (assigned === undefined) return false;
  const running = new Set(tasks.filter((entry) => entry.state === 'RUNNING').map((entry) => entry.task.id));
  return [...assigned].every((id) => running.has(id));
}
