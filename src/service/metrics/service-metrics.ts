import { collectDefaultMetrics, Registry } from 'prom-client';
import type { StreamsMetrics } from '../../streams/index.js';
import { bindStreamsMetrics } from './prometheus-streams-metrics.js';
import { countRegistryFailures } from './registry-failures.js';

/** The processor's Prometheus registry: Node's default metrics plus the streams runtime's. */
export interface ServiceMetrics {
  readonly registry: Registry;
  readonly streams: StreamsMetrics;
  /** The schema registry client's `onUnavailable`. */
  readonly registryFailure: () => void;
}

/**
 * One registry per processor (not prom-client's global one), so that several processors in one
 * process (tests, the demo) do not collide on metric names.
 */
export function createServiceMetrics(): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return { registry, streams: bindStreamsMetrics(registry), registryFailure: countRegistryFailures(registry) };
}
