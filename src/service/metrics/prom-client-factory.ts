import { Counter, Gauge, type Registry } from 'prom-client';
import type { MetricFactory } from '../../producer/index.js';

/** A {@link MetricFactory} creating prom-client instruments in `registry`, from the descriptors that name them. */
export function promClientFactory(registry: Registry): MetricFactory {
  return {
    counter: (descriptor) => new Counter({ name: descriptor.name, help: descriptor.help, labelNames: [...descriptor.labelNames], registers: [registry] }),
    gauge: (descriptor) => new Gauge({ name: descriptor.name, help: descriptor.help, labelNames: [...descriptor.labelNames], registers: [registry] }),
  };
}
