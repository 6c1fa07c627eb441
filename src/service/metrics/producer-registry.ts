import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { bindProducerMetrics, type MetricFactory, type ProducerMetrics } from '../../producer/index.js';

/** A {@link MetricFactory} creating prom-client instruments in `registry` (producer, webhook). */
export function promClientFactory(registry: Registry): MetricFactory {
  return {
    counter: (descriptor) => new Counter({ name: descriptor.name, help: descriptor.help, labelNames: [...descriptor.labelNames], registers: [registry] }),
    gauge: (descriptor) => new Gauge({ name: descriptor.name, help: descriptor.help, labelNames: [...descriptor.labelNames], registers: [registry] }),
  };
}

/** The producer's Prometheus registry: Node's default metrics plus `PRODUCER_METRICS`. */
export interface ProducerRegistry {
  readonly registry: Registry;
  readonly metrics: ProducerMetrics;
}

/**
 * One registry per producer (not prom-client's global one, as for the processor), with every
 * producer metric created at 0 so that alert rules and `rate()` see a series from the first scrape.
 */
export function createProducerRegistry(options: { readonly spoolMaxBytes: number }): ProducerRegistry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return { registry, metrics: bindProducerMetrics(promClientFactory(registry), options) };
}
