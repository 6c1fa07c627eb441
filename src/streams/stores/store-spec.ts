import type { Serde } from '../serde.js';

/**
 * A state store declared by an operator (or a table source). The runtime creates one instance per
 * task, logs every write to `<applicationId>-<name>-changelog` and restores it from there before the
 * task processes input. `maxEntries` bounds memory: a write past it fails with `StoreFullError`.
 */
export interface StoreSpec<K = unknown, V = unknown> {
  readonly name: string;
  readonly kind: 'key-value' | 'ttl' | 'window';
  readonly keySerde: Serde<K>;
  readonly valueSerde: Serde<V>;
  readonly maxEntries: number;
  /** For `ttl` stores: an entry expires `ttlMs` after its event time. */
  readonly ttlMs?: number;
  /** For `window` stores: the size of the windows kept (what a changelog key's window end is derived from). */
  readonly windowSizeMs?: number;
  /** For `window` stores: a window is dropped once the newest window start seen is `retentionMs` past its start. */
  readonly retentionMs?: number;
}

export const DEFAULT_MAX_ENTRIES = 100_000;

/** One write, as logged to the changelog (`value: null` is a tombstone). */
export interface StoreChange {
  readonly store: string;
  readonly key: unknown;
  readonly value: unknown;
  readonly timestamp: number;
}

/** Where a store reports writes: the task turns them into changelog records and undoes them on failure. */
export interface StoreJournal {
  record(change: StoreChange, undo: () => void): void;
}

/** Map identity of a key: strings as they are, anything else as its JSON text. */
export function keyId(key: unknown): string {
  return typeof key === 'string' ? key : JSON.stringify(key);
}
