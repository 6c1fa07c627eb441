import { TopologyError } from '../errors/index.js';
import { createKeyValueStore, type KeyValueStore } from '../stores/key-value-store.js';
import type { StoreChange, StoreJournal, StoreSpec } from '../stores/store-spec.js';
import { createTtlStore, type TtlStore } from '../stores/ttl-store.js';
import { createWindowStore, type WindowStore } from '../stores/window-store.js';
import type { Windowed } from '../windows/windowed.js';

/**
 * A task's stores plus the undo log of the record being processed. Every write is reported to
 * `onWrite` (the task's record cache, which sends it to the changelog at the commit); if the record
 * fails, `rollback` puts the stores back as they were before it.
 */
export interface StoreRegistry {
  readonly specs: readonly StoreSpec[];
  keyValue<K, V>(spec: StoreSpec<K, V> | string): KeyValueStore<K, V>;
  ttl<K, V>(spec: StoreSpec<K, V> | string): TtlStore<K, V>;
  window<K, V>(spec: StoreSpec<Windowed<K>, V> | string): WindowStore<K, V>;
  size(name: string): number;
  /** Applies one changelog record (already decoded) without logging it. */
  restore(name: string, key: unknown, value: unknown, timestamp: number): void;
  /** Keep the writes of the current record (it succeeded): forget their undo log. */
  commit(): void;
  /** Undo the writes of the current record (it failed). */
  rollback(): void;
}

type AnyStore =
  | { kind: 'key-value'; store: KeyValueStore<unknown, unknown> }
  | { kind: 'ttl'; store: TtlStore<unknown, unknown> }
  | { kind: 'window'; store: WindowStore<unknown, unknown> };

export function createStoreRegistry(specs: readonly StoreSpec[], onWrite: (change: StoreChange) => void): StoreRegistry {
  let undos: Array<() => void> = [];
  const journal: StoreJournal = {
    record(change, undo) {
      onWrite(change);
      undos.push(undo);
    },
  };
  const stores = new Map<string, AnyStore>();
  for (const spec of specs) {
    stores.set(spec.name, createStore(spec, journal));
  }
  const get = (name: string): AnyStore => {
    const entry = stores.get(name);
    if (entry === undefined) throw new TopologyError(`store ${name} is not part of this task`);
    return entry;
  };
  return {
    specs,
    keyValue<K, V>(spec: StoreSpec<K, V> | string) {
      const name = typeof spec === 'string' ? spec : spec.name;
      const entry = get(name);
      if (entry.kind !== 'key-value') throw new TopologyError(`store ${name} is not a key-value store`);
      return entry.store as KeyValueStore<K, V>;
    },
    ttl<K, V>(spec: StoreSpec<K, V> | string) {
      const name = typeof spec === 'string' ? spec : spec.name;
      const entry = get(name);
      if (entry.kind !== 'ttl') throw new TopologyError(`store ${name} is not a TTL store`);
      return entry.store as TtlStore<K, V>;
    },
    window<K, V>(spec: StoreSpec<Windowed<K>, V> | string) {
      const name = typeof spec === 'string' ? spec : spec.name;
      const entry = get(name);
      if (entry.kind !== 'window') throw new TopologyError(`store ${name} is not a window store`);
      return entry.store as WindowStore<K, V>;
    },
    size: (name) => get(name).store.size,
    restore(name, key, value, timestamp) {
      const entry = get(name);
      if (entry.kind === 'ttl') entry.store.restore(key, value, timestamp);
      else if (entry.kind === 'window') entry.store.restore(key as Windowed<unknown>, value);
      else entry.store.restore(key, value);
    },
    commit() {
      undos = [];
    },
    rollback() {
      for (const undo of undos.reverse()) undo();
      undos = [];
    },
  };
}

function createStore(spec: StoreSpec, journal: StoreJournal): AnyStore {
  if (spec.kind === 'ttl') return { kind: 'ttl', store: createTtlStore(spec, journal) };
  if (spec.kind === 'window') return { kind: 'window', store: createWindowStore(spec as StoreSpec<Windowed<unknown>, unknown>, journal) };
  return { kind: 'key-value', store: createKeyValueStore(spec, journal) };
}
