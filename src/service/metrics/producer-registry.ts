import { collectDefaultMetrics, Registry } from 'prom-client';
import { bindProducerMetrics, type ProducerMetrics } from '../../producer/index.js';
import { promClientFactory } from './prom-client-factory.js';
import { countRegistryFailures } from './registry-failures.js';

/** The producer's Prometheus registry: Node's default metrics, `PRODUCER_METRICS` and the registry failures. */
export interface ProducerRegistry {
  readonly registry: Registry;
  readonly metrics: ProducerMetrics;
  /** The schema registry client's `onUnavailable`. */
  readonly registryFailure: () => void;
}

/**
 * One registry per producer (not prom-client's global one, as for the processor), with every
 * producer metric created at 0 so that alert rules and `rate()` see a series from the first scrape.
 */
export function createProducerRegistry(options: { readonly spoolMaxBytes: number }): ProducerRegistry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return { registry, metrics: bindProducerMetrics(promClientFactory(registry), options), registryFailure: countRegistryFailures(registry) };
}
