/**
 * The runtime's metrics, through a tiny interface the service binds to prom-client. Names and labels:
 *
 * | name | kind | labels |
 * |---|---|---|
 * | `streams_records_in_total` | counter | topic |
 * | `streams_records_out_total` | counter | topic |
 * | `streams_records_dead_lettered_total` | counter | topic, code |
 * | `streams_records_late_total` | counter | operator |
 * | `streams_records_misplaced_total` | counter | processor (`markAsPartitioned`: records on a partition their key does not belong to, sent through its repartition topic) |
 * | `streams_store_entries` | gauge | store, task |
 * | `streams_commit_latency_ms` | histogram | mode |
 * | `streams_restored_records_total` | counter | store |
 * | `streams_dedup_hits_total` | counter | processor (a record that emitted nothing: a repeat or no change) |
 * | `streams_instance_restarts_total` | counter | (none): fresh instances started by the supervisor after Kafka became unreachable |
 * | `streams_task_restarts_total` | counter | (none): tasks closed after a transient Kafka failure (e.g. a broker died under their commit) and started afresh |
 * | `streams_tasks_fenced_total` | counter | (none): tasks dropped because another instance took over their transactional id (a rebalance this instance learnt of late) |
 * | `streams_punctuation_failures_total` | counter | task |
 */
export type MetricLabels = Readonly<Record<string, string>>;

export interface StreamsMetrics {
  increment(name: MetricName, labels: MetricLabels, by?: number): void;
  gauge(name: MetricName, labels: MetricLabels, value: number): void;
  observe(name: MetricName, labels: MetricLabels, value: number): void;
}

export type MetricName =
  | 'streams_records_in_total'
  | 'streams_records_out_total'
  | 'streams_records_dead_lettered_total'
  | 'streams_records_late_total'
  | 'streams_records_misplaced_total'
  | 'streams_store_entries'
  | 'streams_commit_latency_ms'
  | 'streams_restored_records_total'
  | 'streams_punctuation_failures_total'
  | 'streams_dedup_hits_total'
  | 'streams_instance_restarts_total'
  | 'streams_task_restarts_total'
  | 'streams_tasks_fenced_total';

export const noopMetrics: StreamsMetrics = { increment: () => {}, gauge: () => {}, observe: () => {} };

/** Keeps the latest values in maps: for tests and for the `describe`-style debug endpoint. */
export function createMemoryMetrics(): StreamsMetrics & { readonly values: Map<string, number> } {
  const values = new Map<string, number>();
  const id = (name: string, labels: MetricLabels): string =>
    `${name}{${Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',')}}`;
  return {
    values,
    increment: (name, labels, by = 1) => values.set(id(name, labels), (values.get(id(name, labels)) ?? 0) + by),
    gauge: (name, labels, value) => values.set(id(name, labels), value),
    observe: (name, labels, value) => values.set(id(name, labels), value),
  };
}
