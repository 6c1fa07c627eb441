import type { Registry } from 'prom-client';
import type { MetricDescriptor } from '../../producer/index.js';
import { promClientFactory } from './prom-client-factory.js';

/**
 * Served by the processor and the producer alike: requests to the schema registry that got no
 * answer or a 5xx. Both keep working on cached schema ids, so this is the one sign of an outage
 * before a record with an uncached id stops a task, or a starting producer cannot look its ids up.
 */
export const SCHEMA_REGISTRY_FAILURES: MetricDescriptor = Object.freeze({
  name: 'gluster_eventing_schema_registry_failures_total',
  type: 'counter',
  help: 'Schema registry requests that got no answer (unreachable, timed out) or a 5xx.',
  labelNames: [],
});

/** Registers the counter in `registry` (at 0) and returns what `onUnavailable` of the registry client calls. */
export function countRegistryFailures(registry: Registry): () => void {
  const failures = promClientFactory(registry).counter(SCHEMA_REGISTRY_FAILURES);
  failures.inc({}, 0);
  return () => failures.inc({}, 1);
}
