export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  /** Injected for tests; defaults to Math.random. */
  readonly random?: () => number;
}

export interface Backoff {
  /** The next delay: doubling from `initialMs` up to `maxMs`, with ±25% jitter so many nodes do not retry in step. */
  next(): number;
  reset(): void;
}

export function createBackoff(options: BackoffOptions): Backoff {
  const random = options.random ?? Math.random;
  let attempt = 0;
  return {
    next() {
      const base = Math.min(options.maxMs, options.initialMs * 2 ** attempt);
      attempt = Math.min(attempt + 1, 30);
      return Math.round(base * (0.75 + random() * 0.5));
    },
    reset() {
      attempt = 0;
    },
  };
}
