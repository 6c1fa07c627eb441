import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { MetricLabels, MetricName, StreamsMetrics } from '../../streams/index.js';

interface Binding {
  readonly kind: 'counter' | 'gauge' | 'histogram';
  readonly help: string;
  readonly labelNames: readonly string[];
  /** The exposed name when it differs (Prometheus wants seconds, the runtime reports ms). */
  readonly exposedAs?: string;
  readonly scale?: number;
}

/** How each runtime metric is exposed; labels as documented in `src/streams/metrics.ts`. */
export const STREAMS_METRIC_BINDINGS: Readonly<Record<MetricName, Binding>> = Object.freeze({
  streams_records_in_total: { kind: 'counter', help: 'Records read, per source topic.', labelNames: ['topic'] },
  streams_records_out_total: { kind: 'counter', help: 'Records produced (outputs, changelogs, repartition), per topic.', labelNames: ['topic'] },
  streams_records_dead_lettered_total: { kind: 'counter', help: 'Records sent to the dead-letter topic, per source topic and error code.', labelNames: ['topic', 'code'] },
  streams_records_late_total: { kind: 'counter', help: 'Records dropped for arriving past an operator grace, per operator.', labelNames: ['operator'] },
  streams_records_misplaced_total: {
    kind: 'counter',
    help: 'Records not on the partition their key belongs to (markAsPartitioned), rerouted through a repartition topic: producers partitioning the old way.',
    labelNames: ['processor'],
  },
  streams_dedup_hits_total: { kind: 'counter', help: 'Records that emitted nothing (a repeat or no change of state), per processor.', labelNames: ['processor'] },
  streams_store_entries: { kind: 'gauge', help: 'Entries held per state store and task.', labelNames: ['store', 'task'] },
  streams_commit_latency_ms: {
    kind: 'histogram',
    help: 'Time to commit one task interval (transaction or offsets), seconds.',
    labelNames: ['mode'],
    exposedAs: 'streams_commit_latency_seconds',
    scale: 1 / 1000,
  },
  streams_restored_records_total: { kind: 'counter', help: 'Changelog records applied while restoring stores, per store.', labelNames: ['store'] },
  streams_punctuation_failures_total: { kind: 'counter', help: 'Punctuator runs that failed, per task.', labelNames: ['task'] },
  streams_instance_restarts_total: { kind: 'counter', help: 'Fresh streams instances started after Kafka was unreachable (the old one could not commit).', labelNames: [] },
  streams_task_restarts_total: { kind: 'counter', help: 'Tasks closed after a transient Kafka failure (e.g. a broker died under their commit) and started afresh from their last commit.', labelNames: [] },
  streams_tasks_fenced_total: { kind: 'counter', help: 'Tasks dropped because another instance now owns their transactional id (fenced after a rebalance).', labelNames: [] },
});

const COMMIT_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Backs the runtime's {@link StreamsMetrics} with prom-client instruments in `registry`, one per
 * metric name (created up front, so `/metrics` lists every name from the start).
 *
 * @example
 * const registry = new Registry();
 * createKafkaStreams({ ..., metrics: bindStreamsMetrics(registry) });
 */
export function bindStreamsMetrics(registry: Registry): StreamsMetrics {
  const counters = new Map<string, Counter>();
  const gauges = new Map<string, Gauge>();
  const histograms = new Map<string, { histogram: Histogram; scale: number }>();
  for (const [name, binding] of Object.entries(STREAMS_METRIC_BINDINGS)) {
    const common = { name: binding.exposedAs ?? name, help: binding.help, labelNames: [...binding.labelNames], registers: [registry] };
    if (binding.kind === 'counter') counters.set(name, new Counter(common));
    else if (binding.kind === 'gauge') gauges.set(name, new Gauge(common));
    else histograms.set(name, { histogram: new Histogram({ ...common, buckets: COMMIT_BUCKETS }), scale: binding.scale ?? 1 });
  }
  const labels = (values: MetricLabels): Record<string, string> => ({ ...values });
  return {
    increment: (name, values, by = 1) => counters.get(name)?.inc(labels(values), by),
    gauge: (name, values, value) => gauges.get(name)?.set(labels(values), value),
    observe(name, values, value) {
      const entry = histograms.get(name);
      entry?.histogram.observe(labels(values), value * entry.scale);
    },
  };
}

/** Sends every call to each of `targets` (e.g. prom-client and a caller's own metrics). */
export function teeStreamsMetrics(...targets: readonly StreamsMetrics[]): StreamsMetrics {
  return {
    increment: (name, labels, by) => targets.forEach((target) => target.increment(name, labels, by)),
    gauge: (name, labels, value) => targets.forEach((target) => target.gauge(name, labels, value)),
    observe: (name, labels, value) => targets.forEach((target) => target.observe(name, labels, value)),
  };
}
