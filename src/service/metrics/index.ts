export { createServiceMetrics } from './service-metrics.js';
export type { ServiceMetrics } from './service-metrics.js';
export { bindStreamsMetrics, teeStreamsMetrics, STREAMS_METRIC_BINDINGS } from './prometheus-streams-metrics.js';
export { startConsumerLagPoller } from './consumer-lag.js';
export type { ConsumerLagOptions, ConsumerLagPoller } from './consumer-lag.js';
export { createProducerRegistry } from './producer-registry.js';
export { promClientFactory } from './prom-client-factory.js';
export type { ProducerRegistry } from './producer-registry.js';
export { countRegistryFailures, SCHEMA_REGISTRY_FAILURES } from './registry-failures.js';
