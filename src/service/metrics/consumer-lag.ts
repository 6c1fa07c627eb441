import type { Admin } from 'kafkajs';
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../../logging/index.js';

export interface ConsumerLagOptions {
  /** A connected or unconnected admin client of the processor's cluster; connected on first use. */
  readonly admin: Admin;
  /** The processor's consumer group (its application id). */
  readonly groupId: string;
  readonly registry: Registry;
  readonly intervalMs: number;
  readonly logger: Logger;
}

export interface ConsumerLagPoller {
  /** Measures once now (tests, or before answering a scrape). */
  poll(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `streams_consumer_lag{topic,partition}`: end offset minus the group's committed offset, for every
 * partition the group has committed (source and repartition topics), measured every `intervalMs`
 * with two admin calls (fetchOffsets, fetchTopicOffsets) rather than on each scrape. Under
 * exactly-once the end offset counts transaction markers, so an idle partition may show a lag of 1.
 * A failed measurement keeps the previous values and is logged at debug (Kafka may be away).
 */
export function startConsumerLagPoller(options: ConsumerLagOptions): ConsumerLagPoller {
  const { admin, groupId, logger } = options;
  const lag = new Gauge({ name: 'streams_consumer_lag', help: 'Records not yet consumed and committed by the processor group, per topic and partition.', labelNames: ['topic', 'partition'], registers: [options.registry] });
  let connected: Promise<void> | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const measure = async (): Promise<void> => {
    await (connected ??= admin.connect());
    const committed = await admin.fetchOffsets({ groupId });
    const values: Array<{ topic: string; partition: number; lag: number }> = [];
    for (const { topic, partitions } of committed) {
      const ends = new Map((await admin.fetchTopicOffsets(topic)).map((entry) => [entry.partition, BigInt(entry.high)]));
      for (const { partition, offset } of partitions) {
        const end = ends.get(partition);
        if (end !== undefined && BigInt(offset) >= 0n) values.push({ topic, partition, lag: Number(end > BigInt(offset) ? end - BigInt(offset) : 0n) });
      }
    }
    lag.reset();
    for (const value of values) lag.set({ topic: value.topic, partition: String(value.partition) }, value.lag);
  };
  const poll = (): Promise<void> =>
    (running ??= measure()
      .catch((error: unknown) => logger.debug({ err: error }, 'consumer lag not measured'))
      .finally(() => (running = undefined)));

  const timer = setInterval(() => void (stopped ? undefined : poll()), options.intervalMs);
  timer.unref();
  return {
    poll,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      if (connected !== undefined) await admin.disconnect().catch(() => undefined);
    },
  };
}
