import type { Logger } from '../../logging/index.js';
import { silentLogger } from '../../logging/index.js';
import type { StreamsMetrics } from '../metrics.js';
import { noopMetrics } from '../metrics.js';
import { isTransientOutage } from './kafka-errors.js';
import type { KafkaStreams } from './kafka-streams.js';

export interface SupervisorOptions {
  readonly logger?: Logger;
  readonly metrics?: StreamsMetrics;
  /** Backoff between restarts: doubles from `initialMs` up to `maxMs`, reset after a healthy minute. */
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Which failures a fresh instance can get past (default: Kafka unreachable, see {@link isTransientOutage}). */
  readonly isRecoverable?: (error: unknown) => boolean;
  /**
   * Monotonic milliseconds (default `performance.now`, as the instances' `clock`), for how long an
   * instance ran: a duration, which a wall-clock step (NTP) must not lengthen or shorten.
   */
  readonly clock?: () => number;
}

const HEALTHY_AFTER_MS = 60_000;

/**
 * Keeps a streams application running through Kafka and schema-registry outages. An instance stops itself on a commit
 * that fails after kafkajs' own retries (broker gone, leader election, no group coordinator), since
 * the fate of its open transactions is then unknown. The supervisor starts a fresh instance after a
 * backoff, for as long as Kafka stays away: the fresh instance's transactional producers abort what
 * the old one left open (same transactional ids), its tasks restore their stores from the changelogs
 * and resume at the committed offsets, so exactly-once holds across the restart. Failures Kafka's
 * return cannot cure (an operator bug under the `stop` policy, authorization) still end `done`.
 * A record whose writer schema cannot be fetched while the registry is down stops its task the same
 * way (see `StreamTask.process`), so it is processed after the outage instead of dead-lettered.
 */
export function superviseStreams(create: () => KafkaStreams, options: SupervisorOptions = {}): KafkaStreams {
  const logger = options.logger ?? silentLogger;
  const metrics = options.metrics ?? noopMetrics;
  const initialMs = options.initialBackoffMs ?? 1_000;
  const maxMs = options.maxBackoffMs ?? 30_000;
  const recoverable = options.isRecoverable ?? isTransientOutage;
  const clock = options.clock ?? (() => performance.now());

  let current: KafkaStreams | undefined;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let wakeRestart: (() => void) | undefined;
  let backoffMs = initialMs;
  let settle: { resolve: () => void; reject: (error: unknown) => void } = { resolve: () => {}, reject: () => {} };
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => undefined);

  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      wakeRestart = resolve;
      restartTimer = setTimeout(resolve, ms);
    });

  /** The error that ended `instance` (starting it first unless `started`), or undefined after `stop()`. */
  const outcome = async (instance: KafkaStreams, started: boolean): Promise<unknown> => {
    try {
      if (!started) await instance.start();
      await instance.done;
      return undefined;
    } catch (error) {
      await instance.stop().catch(() => undefined);
      return error;
    }
  };

  const keepRunning = async (first: KafkaStreams): Promise<void> => {
    let instance = first;
    let started = true;
    for (;;) {
      const startedAt = clock();
      const error = await outcome(instance, started);
      if (error === undefined || stopping) return;
      if (!recoverable(error)) throw error;
      if (clock() - startedAt > HEALTHY_AFTER_MS) backoffMs = initialMs;
      metrics.increment('streams_instance_restarts_total', {});
      logger.error({ err: error, retryInMs: backoffMs }, 'streams instance stopped: Kafka or the registry unreachable; starting a fresh instance after the backoff');
      await pause(backoffMs);
      backoffMs = Math.min(maxMs, backoffMs * 2);
      if (stopping) return;
      instance = create();
      current = instance;
      started = false;
    }
  };

  return {
    async start() {
      // The first instance must come up (a start-up failure is the caller's to see, as without a
      // supervisor); failures after that are what the supervisor handles.
      const first = create();
      current = first;
      await first.start();
      void keepRunning(first).then(settle.resolve, settle.reject);
    },
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      wakeRestart?.();
      await current?.stop();
      await done.catch(() => undefined);
    },
    done,
    tasks: () => current?.tasks() ?? [],
    describe: () => current?.describe() ?? '',
    queryStore: (name) => current?.queryStore(name) ?? { store: name, entries: [], tasks: [], partitions: 0, partial: true },
    ready: () => current?.ready() ?? false,
    hosts: () => current?.hosts() ?? Promise.resolve([]),
  };
}
