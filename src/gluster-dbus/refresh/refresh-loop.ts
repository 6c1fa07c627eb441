/** `complete`: gluster fully read. `partial`: something was unreadable (e.g. a cluster lock held), try again soon. */
export type RefreshOutcome = 'complete' | 'partial';

export interface RefreshLoopOptions {
  /** One full re-read; must not throw for expected failures (glusterd down is an outcome, not an error). */
  readonly refresh: () => Promise<RefreshOutcome>;
  /** Periodic fallback poll; 0 disables it. */
  readonly pollIntervalMs: number;
  /** `refreshSoon()` calls within this window become one refresh (events come in bursts). */
  readonly debounceMs: number;
  /** Delay before re-reading after a `partial` outcome. */
  readonly retryDelayMs: number;
  /** Unexpected errors of `refresh` (bugs); the loop keeps running. */
  readonly onError: (error: unknown) => void;
}

export interface RefreshLoop {
  /** Refreshes now; resolves when a refresh that *started after this call* has finished. */
  refreshNow(): Promise<void>;
  /** Schedules a refresh after the debounce window; for event notifications. */
  refreshSoon(): void;
  /** Stops timers and waits for a running refresh. */
  stop(): Promise<void>;
}

/**
 * Runs refreshes one at a time. A request while one runs queues exactly one more (requests during
 * a refresh may describe changes it has already missed), so any number of Reloads, events and
 * polls cost at most one refresh in flight plus one queued.
 */
export function createRefreshLoop(options: RefreshLoopOptions): RefreshLoop {
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  let soon: NodeJS.Timeout | undefined;
  let stopped = false;

  const runOnce = (): Promise<void> => {
    const run = options
      .refresh()
      .then((outcome) => {
        if (outcome === 'partial' && !stopped) schedule(options.retryDelayMs);
      }, options.onError)
      .finally(() => {
        if (running === run) running = undefined;
      });
    running = run;
    return run;
  };
  const refreshNow = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (queued !== undefined) return queued;
    if (running === undefined) return runOnce();
    const next = running.then(() => {
      queued = undefined;
      return stopped ? undefined : runOnce();
    });
    queued = next;
    return next;
  };
  const schedule = (delayMs: number): void => {
    if (soon !== undefined || stopped) return;
    soon = setTimeout(() => {
      soon = undefined;
      void refreshNow();
    }, delayMs);
  };
  const poll = options.pollIntervalMs > 0 ? setInterval(() => void refreshNow(), options.pollIntervalMs) : undefined;

  return {
    refreshNow,
    refreshSoon: () => schedule(options.debounceMs),
    async stop() {
      stopped = true;
      clearInterval(poll);
      clearTimeout(soon);
      await queued;
      await running;
    },
  };
}
