import { TopologyError } from '../errors/index.js';
import { createKeyValueStore, type KeyValueStore } from '../stores/key-value-store.js';
import type { StoreChange, StoreJournal, StoreSpec } from '../stores/store-spec.js';
import { createTtlStore, type TtlStore } from '../stores/ttl-store.js';

/**
 * A task's stores plus the journal of the record being processed: the writes to log to changelogs
 * if the record succeeds, and how to undo them if it fails.
 */
export interface StoreRegistry {
  readonly specs: readonly StoreSpec[];
  keyValue<K, V>(spec: StoreSpec<K, V>): KeyValueStore<K, V>;
  ttl<K, V>(spec: StoreSpec<K, V>): TtlStore<K, V>;
  size(name: string): number;
  /** Applies one changelog record (already decoded) without logging it. */
  restore(name: string, key: unknown, value: unknown, timestamp: number): void;
  /** The writes of the current record so far. */
  pending(): readonly StoreChange[];
  /** Keep the writes of the current record (it succeeded): forget their undo log. */
  commit(): void;
  /** Undo the writes of the current record (it failed). */
  rollback(): void;
}

type AnyStore = { kind: 'key-value'; store: KeyValueStore<unknown, unknown> } | { kind: 'ttl'; store: TtlStore<unknown, unknown> };

export function createStoreRegistry(specs: readonly StoreSpec[]): StoreRegistry {
  let changes: StoreChange[] = [];
  let undos: Array<() => void> = [];
  const journal: StoreJournal = {
    record(change, undo) {
      changes.push(change);
      undos.push(undo);
    },
  };
  const stores = new Map<string, AnyStore>();
  for (const spec of specs) {
    stores.set(spec.name, spec.kind === 'ttl' ? { kind: 'ttl', store: createTtlStore(spec, journal) } : { kind: 'key-value', store: createKeyValueStore(spec, journal) });
  }
  const get = (name: string): AnyStore => {
    const entry = stores.get(name);
    if (entry === undefined) throw new TopologyError(`store ${name} is not part of this task`);
    return entry;
  };
  return {
    specs,
    keyValue<K, V>(spec: StoreSpec<K, V>) {
      const entry = get(spec.name);
      if (entry.kind !== 'key-value') throw new TopologyError(`store ${spec.name} is not a key-value store`);
      return entry.store as KeyValueStore<K, V>;
    },
    ttl<K, V>(spec: StoreSpec<K, V>) {
      const entry = get(spec.name);
      if (entry.kind !== 'ttl') throw new TopologyError(`store ${spec.name} is not a TTL store`);
      return entry.store as TtlStore<K, V>;
    },
    size: (name) => get(name).store.size,
    restore(name, key, value, timestamp) {
      const entry = get(name);
      if (entry.kind === 'ttl') entry.store.restore(key, value, timestamp);
      else entry.store.restore(key, value);
    },
    pending: () => changes,
    commit() {
      changes = [];
      undos = [];
    },
    rollback() {
      for (const undo of undos.reverse()) undo();
      changes = [];
      undos = [];
    },
  };
}
