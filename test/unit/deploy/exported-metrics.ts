import type { Admin } from 'kafkajs';
import type { Registry } from 'prom-client';
import { silentLogger } from '../../../src/logging/index.js';
import { createProducerRegistry, createServiceMetrics, startConsumerLagPoller } from '../../../src/service/metrics/index.js';

/** Which process serves a metric: the alert rules select each by its scrape job. */
export type MetricSource = 'processor' | 'producer';

/** The series names Prometheus stores for one registry metric (a histogram is three). */
function seriesNames(metric: { readonly name: string; readonly type: string }): string[] {
  if (metric.type === 'histogram') return ['_bucket', '_sum', '_count'].map((suffix) => `${metric.name}${suffix}`);
  if (metric.type === 'summary') return [metric.name, `${metric.name}_sum`, `${metric.name}_count`];
  return [metric.name];
}

async function names(registry: Registry): Promise<string[]> {
  return (await registry.getMetricsAsJSON()).flatMap((metric) => seriesNames({ name: metric.name, type: String(metric.type) }));
}

/**
 * Every series name the code exports, per process, built the way each process builds its registry
 * (the processor's: streams runtime, consumer lag, Node defaults; the producer's: PRODUCER_METRICS,
 * Node defaults). Prometheus adds `up` to every
 * scrape target. Dashboards and alert rules may name these and nothing else.
 */
export async function exportedMetrics(): Promise<ReadonlyMap<MetricSource, ReadonlySet<string>>> {
  const processor = createServiceMetrics();
  // Never connected: the poller's gauge is registered at creation, and stop() leaves an unused admin alone.
  const lag = startConsumerLagPoller({ admin: {} as Admin, groupId: 'unused', registry: processor.registry, intervalMs: 3_600_000, logger: silentLogger });
  await lag.stop();
  const producer = createProducerRegistry({ spoolMaxBytes: 1 });
  return new Map([
    ['processor', new Set(['up', ...(await names(processor.registry))])],
    ['producer', new Set(['up', ...(await names(producer.registry))])],
  ]);
}

/** All exported names, whichever process serves them. */
export async function allExportedMetricNames(): Promise<ReadonlySet<string>> {
  return new Set([...(await exportedMetrics()).values()].flatMap((set) => [...set]));
}
