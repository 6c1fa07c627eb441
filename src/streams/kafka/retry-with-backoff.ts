import { setTimeout as delay } from 'node:timers/promises';
import { isRetriable, isTransientOutage } from './kafka-errors.js';

export interface RetryPolicy {
  readonly retries: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** Which failures are worth another attempt (default: {@link isRetriable}). */
  readonly retryOn?: (error: unknown) => boolean;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 5, initialDelayMs: 200, maxDelayMs: 5_000 };

/**
 * Task start-up (fence, offsets, restore) also outlasts a broker's death: kafkajs gives up on a dead
 * coordinator within seconds, while KRaft moves its partitions only after the broker's session
 * timeout (9 s by default). About 21 s of attempts, then the instance's supervisor takes over.
 */
export const TASK_START_RETRY: RetryPolicy = { retries: 8, initialDelayMs: 200, maxDelayMs: 5_000, retryOn: isTransientOutage };

/**
 * Runs `work` again after a doubling delay while it fails with a retriable error (by default a
 * kafkajs or project error with `retriable: true`; see `retryOn`), up to `retries` times; the last error
 * is rethrown. For the runtime's own multi-step operations (task start-up: fence, offsets, restore);
 * single kafkajs requests are already retried by kafkajs.
 */
export async function retryWithBackoff<T>(work: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY, onRetry?: (error: unknown, attempt: number) => void): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= policy.retries || !(policy.retryOn ?? isRetriable)(error)) throw error;
      onRetry?.(error, attempt + 1);
      await delay(Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** attempt));
    }
  }
}
