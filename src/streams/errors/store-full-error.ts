import { StreamsError } from './streams-error.js';

/**
 * A bounded store reached `maxEntries`. State is never evicted silently (that would lose a key's
 * state); the write fails and the operator-error policy handles the record.
 */
export class StoreFullError extends StreamsError {
  override readonly name = 'StoreFullError';
  readonly store: string;
  readonly maxEntries: number;
  constructor(store: string, maxEntries: number) {
    super('STREAMS_STORE_FULL', `store ${store} is full (${maxEntries} entries)`);
    this.store = store;
    this.maxEntries = maxEntries;
  }
}
