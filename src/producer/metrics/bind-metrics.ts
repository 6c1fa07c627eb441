import { PRODUCER_METRICS, type MetricDescriptor } from './metric-descriptors.js';
import { BAD_INPUT_KINDS, RECONNECT_TARGETS, type ProducerMetrics } from './producer-metrics.js';

type Labels = Record<string, string>;

/** The shape of a prom-client `Counter` (`inc(labels, value)`), or anything else that adds. */
export interface CounterLike {
  inc(labels: Labels, value: number): void;
}

/** The shape of a prom-client `Gauge` (`set(labels, value)`). */
export interface GaugeLike {
  set(labels: Labels, value: number): void;
}

/** Creates one instrument per descriptor; called once per metric by {@link bindProducerMetrics}. */
export interface MetricFactory {
  counter(descriptor: MetricDescriptor): CounterLike;
  gauge(descriptor: MetricDescriptor): GaugeLike;
}

/**
 * Backs {@link ProducerMetrics} with instruments of any metrics library, under the names of
 * {@link PRODUCER_METRICS}. Every label value is created at 0 up front; `spoolMaxBytes`, when
 * given, is exposed as a constant so that alerts can compare the spool with its bound.
 *
 * @example
 * // with prom-client (the service layer's choice):
 * const metrics = bindProducerMetrics({
 *   counter: (d) => new Counter({ name: d.name, help: d.help, labelNames: [...d.labelNames], registers: [registry] }),
 *   gauge: (d) => new Gauge({ name: d.name, help: d.help, labelNames: [...d.labelNames], registers: [registry] }),
 * });
 * await startProducer({ settings, sink, metrics, logger });
 */
export function bindProducerMetrics(factory: MetricFactory, limits: { readonly spoolMaxBytes?: number } = {}): ProducerMetrics {
  const produced = factory.counter(PRODUCER_METRICS.recordsProduced);
  const spooled = factory.gauge(PRODUCER_METRICS.spooledBytes);
  factory.gauge(PRODUCER_METRICS.spoolMaxBytes).set({}, limits.spoolMaxBytes ?? 0);
  const dropped = factory.counter(PRODUCER_METRICS.recordsDropped);
  const badInput = factory.counter(PRODUCER_METRICS.badInput);
  const reconnects = factory.counter(PRODUCER_METRICS.reconnects);
  const refused = factory.counter(PRODUCER_METRICS.deliveryRefused);
  produced.inc({}, 0);
  refused.inc({}, 0);
  spooled.set({}, 0);
  dropped.inc({}, 0);
  for (const kind of BAD_INPUT_KINDS) badInput.inc({ kind }, 0);
  for (const target of RECONNECT_TARGETS) reconnects.inc({ target }, 0);
  return {
    recordsProduced: (count) => produced.inc({}, count),
    spooledBytes: (bytes) => spooled.set({}, bytes),
    recordsDropped: (count) => dropped.inc({}, count),
    badInput: (kind) => badInput.inc({ kind }, 1),
    reconnect: (target) => reconnects.inc({ target }, 1),
    deliveryRefused: () => refused.inc({}, 1),
  };
}

/** Feeds every call to each of `targets` (e.g. the CLI's counting metrics and a Prometheus binding). */
export function teeMetrics(...targets: readonly ProducerMetrics[]): ProducerMetrics {
  return {
    recordsProduced: (count) => targets.forEach((target) => target.recordsProduced(count)),
    spooledBytes: (bytes) => targets.forEach((target) => target.spooledBytes(bytes)),
    recordsDropped: (count) => targets.forEach((target) => target.recordsDropped(count)),
    badInput: (kind) => targets.forEach((target) => target.badInput(kind)),
    reconnect: (target) => targets.forEach((each) => each.reconnect(target)),
    deliveryRefused: () => targets.forEach((target) => target.deliveryRefused()),
  };
}
