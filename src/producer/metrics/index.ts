/** The producer's counters: the injected interface, plain counters, and a binding to any metrics library. */
export { BAD_INPUT_KINDS, RECONNECT_TARGETS } from './producer-metrics.js';
export type { BadInputKind, ProducerMetrics, ReconnectTarget } from './producer-metrics.js';
export { createCountingMetrics } from './counting-metrics.js';
export type { CountingMetrics } from './counting-metrics.js';
export { PRODUCER_METRICS } from './metric-descriptors.js';
export type { MetricDescriptor } from './metric-descriptors.js';
export { bindProducerMetrics, teeMetrics } from './bind-metrics.js';
export type { CounterLike, GaugeLike, MetricFactory } from './bind-metrics.js';
