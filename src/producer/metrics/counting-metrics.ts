import type { BadInputKind, ProducerMetrics, ReconnectTarget } from './producer-metrics.js';

export interface CountingMetrics extends ProducerMetrics {
  readonly counts: {
    produced: number;
    spooledBytes: number;
    dropped: number;
    badInput: Partial<Record<BadInputKind, number>>;
    reconnects: Partial<Record<ReconnectTarget, number>>;
    deliveryRefused: number;
  };
}

/** Plain in-memory counters: the default, logged periodically by the CLI and read by tests. */
export function createCountingMetrics(): CountingMetrics {
  const counts: CountingMetrics['counts'] = { produced: 0, spooledBytes: 0, dropped: 0, badInput: {}, reconnects: {}, deliveryRefused: 0 };
  return {
    counts,
    recordsProduced: (count) => void (counts.produced += count),
    spooledBytes: (bytes) => void (counts.spooledBytes = bytes),
    recordsDropped: (count) => void (counts.dropped += count),
    badInput: (kind) => void (counts.badInput[kind] = (counts.badInput[kind] ?? 0) + 1),
    reconnect: (target) => void (counts.reconnects[target] = (counts.reconnects[target] ?? 0) + 1),
    deliveryRefused: () => void (counts.deliveryRefused += 1),
  };
}
