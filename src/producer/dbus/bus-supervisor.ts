import type { Logger } from '../../logging/index.js';
import { createBackoff, type Backoff } from '../backoff.js';
import type { ProducerMetrics } from '../metrics/index.js';
import type { RecordDraft } from '../records/record-builder.js';
import type { WatchedService } from '../watch-targets.js';
import { connectBus, type BusLink } from './bus-link.js';
import type { KnownObjects } from './known-objects.js';
import { DBUS_DAEMON, matchRules } from './match-rules.js';
import { createServiceWatch, type ServiceWatch } from './service-watch.js';

export interface BusSupervisorOptions {
  readonly address: string;
  readonly services: readonly WatchedService[];
  readonly emit: (draft: RecordDraft) => void;
  readonly metrics: ProducerMetrics;
  readonly logger: Logger;
  readonly callTimeoutMs: number;
  readonly reconnect: { readonly initialMs: number; readonly maxMs: number };
}

export interface BusSupervisor {
  /** Re-reads every service (after a spool overflow, so downstream converges). */
  resnapshot(): void;
  /** Resolves once the first connection's snapshots were requested (or failed to connect once). */
  readonly started: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Keeps one connection to the bus alive: connect, subscribe, snapshot every service; when the
 * connection closes (bus restarted, socket gone) reconnect with backoff and snapshot again. The
 * known-object sets outlive connections, so objects that vanished while we were away are reported.
 */
export function startBusSupervisor(options: BusSupervisorOptions): BusSupervisor {
  const { logger, metrics } = options;
  const known = new Map<string, KnownObjects>(options.services.map((service) => [service.busName, new Map()]));
  const backoff = createBackoff(options.reconnect);
  let link: BusLink | null = null;
  let watches: ServiceWatch[] = [];
  let stopped = false;
  let wake: (() => void) | null = null;
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const session = async (current: BusLink): Promise<void> => {
    watches = options.services.map((service) =>
      createServiceWatch({
        link: current,
        service,
        known: known.get(service.busName) as KnownObjects,
        emit: options.emit,
        metrics,
        logger,
        callTimeoutMs: options.callTimeoutMs,
        retry: createBackoff(options.reconnect) satisfies Backoff,
      }),
    );
    current.onMessage((message) => {
      for (const watch of watches) watch.handle(message);
    });
    // Subscribe first; AddMatch is answered by the daemon before our GetManagedObjects reaches the service.
    const rules = options.services.flatMap(matchRules);
    await Promise.all(rules.map((rule) => current.call({ ...DBUS_DAEMON, member: 'AddMatch', signature: 's', body: [rule] }, options.callTimeoutMs).reply));
    for (const watch of watches) watch.snapshot();
  };

  const loop = async (): Promise<void> => {
    let first = true;
    while (!stopped) {
      try {
        link = await connectBus({ address: options.address, timeoutMs: options.callTimeoutMs, logger });
        if (!first) metrics.reconnect('dbus');
        logger.info({ address: options.address, uniqueName: link.uniqueName }, 'connected to D-Bus');
        await session(link);
        backoff.reset();
        markStarted();
        first = false;
        await link.closed;
        if (stopped) break;
        logger.warn({ address: options.address }, 'D-Bus connection closed; reconnecting');
      } catch (error) {
        logger.warn({ err: error, address: options.address }, 'D-Bus unavailable; retrying');
        link?.close();
        markStarted();
        first = false;
      }
      for (const watch of watches) watch.stop();
      watches = [];
      link = null;
      if (!stopped) await sleep(backoff.next());
    }
  };
  const running = loop();

  return {
    started,
    resnapshot() {
      for (const watch of watches) watch.snapshot();
    },
    async stop() {
      stopped = true;
      for (const watch of watches) watch.stop();
      link?.close();
      wake?.();
      await running;
    },
  };
}
