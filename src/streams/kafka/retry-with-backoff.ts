import { setTimeout as delay } from 'node:timers/promises';
import { isRetriable } from './kafka-errors.js';

export interface RetryPolicy {
  readonly retries: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 5, initialDelayMs: 200, maxDelayMs: 5_000 };

/**
 * Runs `work` again after a doubling delay while it fails with a retriable error (a kafkajs error
 * with `retriable: true` or a project error with `retriable`), up to `retries` times; the last error
 * is rethrown. For the runtime's own multi-step operations (task start-up: fence, offsets, restore);
 * single kafkajs requests are already retried by kafkajs.
 */
export async function retryWithBackoff<T>(work: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY, onRetry?: (error: unknown, attempt: number) => void): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= policy.retries || !isRetriable(error)) throw error;
      onRetry?.(error, attempt + 1);
      await delay(Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** attempt));
    }
  }
}
