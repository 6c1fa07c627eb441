import { keyId, type StoreSpec } from '../../stores/store-spec.js';
import type { KeyValueStore } from '../../stores/key-value-store.js';
import type { ProcessorContext, ProcessorSupplier } from '../processor.js';
import type { TableChanges } from './materialize-table.js';
import type { JoinSide } from './table-join.js';

export interface ForeignKeyJoinSpec<K, V, KO, VO, VR> {
  readonly thisTable: StoreSpec<K, V>;
  readonly otherTable: StoreSpec<KO, VO>;
  /** Per foreign key, the rows of this table that refer to it. */
  readonly subscriptions: StoreSpec<KO, readonly K[]>;
  /** Per row of this table, the foreign keys it referred to when it last changed. */
  readonly references: StoreSpec<K, readonly KO[]>;
  readonly foreignKeys: (value: V) => readonly KO[];
  readonly joiner: (value: V, otherValues: readonly (VO | null)[]) => VR;
  /** Left join: a row joins whatever of its foreign keys are missing as `null`; inner: only when all are there. */
  readonly left: boolean;
}

/**
 * The processor behind `KTable#join(other, foreignKeys, joiner)` (Kafka Streams' foreign-key join,
 * KIP-213), for tables that live in the same task. A change of a row of this table moves its
 * subscriptions from the foreign keys it referred to before to those it refers to now, and
 * recomputes its result; a change of a row of the other table recomputes the results of the rows
 * subscribed to its key, and no other: the work is proportional to the rows that refer to it.
 */
export function foreignKeyJoin<K, V, KO, VO, VR>(spec: ForeignKeyJoinSpec<K, V, KO, VO, VR>): ProcessorSupplier<K | KO, JoinSide, TableChanges<K, VR>> {
  return () => {
    let context: ProcessorContext<TableChanges<K, VR>>;
    let thisTable: KeyValueStore<K, V>;
    let otherTable: KeyValueStore<KO, VO>;
    let subscriptions: KeyValueStore<KO, readonly K[]>;
    let references: KeyValueStore<K, readonly KO[]>;

    const resultOf = (value: V, foreignKeys: readonly KO[]): VR | null => {
      const others = foreignKeys.map((foreignKey) => otherTable.get(foreignKey) ?? null);
      if (!spec.left && (others.length === 0 || others.includes(null))) return null;
      return spec.joiner(value, others);
    };
    const subscribe = (foreignKey: KO, key: K, present: boolean, timestamp: number): void => {
      const rows = withKey(subscriptions.get(foreignKey) ?? [], key, present);
      if (rows.length === 0) subscriptions.delete(foreignKey, timestamp);
      else subscriptions.put(foreignKey, rows, timestamp);
    };
    const thisChanged = (key: K, timestamp: number): void => {
      const value = thisTable.get(key);
      const now = value === undefined ? [] : distinct(spec.foreignKeys(value));
      const before = references.get(key) ?? [];
      const nowIds = new Set(now.map(keyId));
      const beforeIds = new Set(before.map(keyId));
      for (const foreignKey of before) if (!nowIds.has(keyId(foreignKey))) subscribe(foreignKey, key, false, timestamp);
      for (const foreignKey of now) if (!beforeIds.has(keyId(foreignKey))) subscribe(foreignKey, key, true, timestamp);
      if (now.length === 0) references.delete(key, timestamp);
      else if (now.length !== before.length || now.some((foreignKey, index) => keyId(foreignKey) !== keyId(before[index]))) references.put(key, now, timestamp);
      context.forward({ key, value: value === undefined ? null : resultOf(value, now), timestamp }, 'changes');
    };
    const otherChanged = (foreignKey: KO, timestamp: number): void => {
      for (const key of subscriptions.get(foreignKey) ?? []) {
        const value = thisTable.get(key);
        if (value === undefined) continue;
        context.forward({ key, value: resultOf(value, references.get(key) ?? []), timestamp }, 'changes');
      }
    };
    return {
      init(given) {
        context = given;
        thisTable = given.getStateStore(spec.thisTable);
        otherTable = given.getStateStore(spec.otherTable);
        subscriptions = given.getStateStore(spec.subscriptions);
        references = given.getStateStore(spec.references);
      },
      process(record) {
        if (record.value === 'this') thisChanged(record.key as K, record.timestamp);
        else otherChanged(record.key as KO, record.timestamp);
      },
    };
  };
}

function distinct<T>(keys: readonly T[]): readonly T[] {
  const seen = new Set<string>();
  return keys.filter((key) => {
    const id = keyId(key);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function withKey<K>(keys: readonly K[], key: K, present: boolean): readonly K[] {
  const id = keyId(key);
  const others = keys.filter((candidate) => keyId(candidate) !== id);
  return present ? [...others, key] : others;
}
