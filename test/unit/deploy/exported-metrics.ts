import type { Admin } from 'kafkajs';
import type { Registry } from 'prom-client';
import { silentLogger } from '../../../src/logging/index.js';
import { createProducerRegistry, createServiceMetrics, startConsumerLagPoller } from '../../../src/service/metrics/index.js';

/** Which process serves a metric: the alert rules select each by its scrape job. */
export type MetricSource = 'processor' | 'producer';

/** One metric family as a registry exposes it. */
export interface MetricFamily {
  readonly source: MetricSource;
  readonly name: string;
  readonly type: string;
  readonly help: string;
  readonly labelNames: readonly string[];
}

/**
 * The registries the way each process builds them (the processor's: streams runtime, consumer lag,
 * Node defaults; the producer's: PRODUCER_METRICS and Node defaults).
 */
async function registries(): Promise<ReadonlyMap<MetricSource, Registry>> {
  const processor = createServiceMetrics();
  // Never connected: the poller's gauge is registered at creation, and stop() leaves an unused admin alone.
  const lag = startConsumerLagPoller({ admin: {} as Admin, groupId: 'unused', registry: processor.registry, intervalMs: 3_600_000, logger: silentLogger });
  await lag.stop();
  return new Map([
    ['processor', processor.registry],
    ['producer', createProducerRegistry({ spoolMaxBytes: 1 }).registry],
  ]);
}

/** Every metric family the code exports, Node's defaults included. */
export async function exportedFamilies(): Promise<MetricFamily[]> {
  const families: MetricFamily[] = [];
  for (const [source, registry] of await registries()) {
    for (const metric of await registry.getMetricsAsJSON()) {
      // prom-client keeps a metric's label names on the instance (not in the JSON form).
      const labelNames = (registry.getSingleMetric(metric.name) as unknown as { labelNames?: readonly string[] } | undefined)?.labelNames ?? [];
      families.push({ source, name: metric.name, type: String(metric.type), help: metric.help, labelNames });
    }
  }
  return families;
}

/** The series names Prometheus stores for one family (a histogram is three). */
function seriesNames(family: MetricFamily): string[] {
  if (family.type === 'histogram') return ['_bucket', '_sum', '_count'].map((suffix) => `${family.name}${suffix}`);
  if (family.type === 'summary') return [family.name, `${family.name}_sum`, `${family.name}_count`];
  return [family.name];
}

/**
 * Every series name the code exports, per process; Prometheus adds `up` to every scrape target.
 * Dashboards and alert rules may name these and nothing else.
 */
export async function exportedMetrics(): Promise<ReadonlyMap<MetricSource, ReadonlySet<string>>> {
  const bySource = new Map<MetricSource, Set<string>>([['processor', new Set(['up'])], ['producer', new Set(['up'])]]);
  for (const family of await exportedFamilies()) for (const name of seriesNames(family)) bySource.get(family.source)?.add(name);
  return bySource;
}

/** This project's own families (not Node's defaults): what the README's metrics table lists. */
export const isOwnMetric = (name: string): boolean => /^(streams|gluster_eventing)_/.test(name);
