import { mapValues } from '../operators/map-values.js';
import type { JoinableTable } from '../operators/join-table.js';
import { foreignKeyJoin } from '../processor/tables/foreign-key-join.js';
import { keyListSerde } from '../processor/tables/key-list-serde.js';
import { tableJoin, type JoinSide } from '../processor/tables/table-join.js';
import { keyValueStore } from '../stores/store-builders.js';
import type { StoreSpec } from '../stores/store-spec.js';
import type { KStream } from './kstream.js';

/** Where a join's result table lives: the join's node name and the result's store (changelog `<applicationId>-<store>-changelog`). */
export interface TableJoined<K, VR> {
  readonly name: string;
  readonly store: StoreSpec<K, VR>;
}

/**
 * A changelog stream read as a table (Kafka Streams `KTable`): the latest value per key, kept in a
 * change-logged store by the task that owns the key's partition. A null value deletes the key.
 * Made by `StreamsBuilder#table` (from a topic) or `KStream#toTable(materialized)` (from a stream).
 * Join a co-partitioned stream with it via `joinTable(table, joiner)`, another table with `join`.
 */
export class KTable<K, V> implements JoinableTable<K, V> {
  readonly store: StoreSpec<K, V>;
  readonly #changes: KStream<K, V | null>;

  constructor(store: StoreSpec<K, V>, changes: KStream<K, V | null>) {
    this.store = store;
    this.#changes = changes;
  }

  /** Every update of the table as a stream (`value: null` for deletes). */
  toStream(): KStream<K, V | null> {
    return this.#changes;
  }

  /**
   * Table–table inner join (Kafka Streams `KTable#join`), a result table. On the primary key: a
   * change on either side recomputes the key's result; a key missing on either side has none (its
   * result is deleted).
   *
   * With `foreignKeys` (Kafka Streams' foreign-key join, KIP-213): each row of this table joins the
   * rows of `other` whose keys its value names, and a change of one of those rows recomputes only
   * the rows that name it. Unlike Kafka Streams the extractor returns a list, so that a row may
   * depend on several (a brick on both drives of a mirror); one key is `[key]`; an inner join has a
   * result when every key named is there. Also unlike Kafka Streams, there is no subscription
   * topic: both tables must live in the same tasks (their inputs co-partitioned, or merged into one
   * sub-topology), and every key a row names must be held by the row's own task.
   *
   * Updates are emitted on change (compared as typed values), so a change that leaves a result as it
   * was forwards nothing.
   *
   * @example
   * const bricksWithDrives = bricks.join(drives, (brick) => brick.drives, (brick, drives) => ({ ...brick, failing: drives.some((drive) => drive.failing) }),
   *   { name: 'brick-drives', store: keyValueStore('brick-drives', { keySerde: stringSerde, valueSerde: brickSerde }) });
   */
  join<VO, VR>(other: KTable<K, VO>, joiner: (value: V, otherValue: VO) => VR, joined: TableJoined<K, VR>): KTable<K, VR>;
  join<KO, VO, VR>(other: KTable<KO, VO>, foreignKeys: (value: V) => readonly KO[], joiner: (value: V, otherValues: readonly VO[]) => VR, joined: TableJoined<K, VR>): KTable<K, VR>;
  join(other: KTable<unknown, unknown>, ...rest: JoinArguments): KTable<K, unknown> {
    return this.#join(other, rest, false);
  }

  /**
   * Table–table left join (Kafka Streams `KTable#leftJoin`): like {@link join}, but every row of
   * this table has a result, with `null` for what `other` lacks.
   */
  leftJoin<VO, VR>(other: KTable<K, VO>, joiner: (value: V, otherValue: VO | null) => VR, joined: TableJoined<K, VR>): KTable<K, VR>;
  leftJoin<KO, VO, VR>(other: KTable<KO, VO>, foreignKeys: (value: V) => readonly KO[], joiner: (value: V, otherValues: readonly (VO | null)[]) => VR, joined: TableJoined<K, VR>): KTable<K, VR>;
  leftJoin(other: KTable<unknown, unknown>, ...rest: JoinArguments): KTable<K, unknown> {
    return this.#join(other, rest, true);
  }

  #join(other: KTable<unknown, unknown>, rest: JoinArguments, left: boolean): KTable<K, unknown> {
    // Results are typed by the public overloads; inside, `{}`: a result table holds no nulls.
    const joined = rest[rest.length - 1] as TableJoined<K, object>;
    const mine = this.#changes.pipe(mapValues((): JoinSide => 'this', { name: `${joined.name}-this` }));
    const theirs = other.toStream().pipe(mapValues((): JoinSide => 'other', { name: `${joined.name}-other` }));
    const sides = mine.merge(theirs as unknown as KStream<K, JoinSide>, { name: `${joined.name}-sides` });
    const stores = [this.store.name, other.store.name];
    if (rest.length === 2) {
      const [joiner] = rest as [(value: V, otherValue: unknown) => object, unknown];
      const supplier = tableJoin({ thisTable: this.store, otherTable: other.store, joiner, left });
      const { changes } = sides.process(supplier, { name: joined.name, stores, outputs: ['changes'] });
      return (changes as KStream<K, object | null>).toTable({ name: `${joined.name}-result`, store: joined.store });
    }
    const [foreignKeys, joiner] = rest as [(value: V) => readonly unknown[], (value: V, otherValues: readonly unknown[]) => object, unknown];
    const subscriptions = keyValueStore(`${joined.name}-subscriptions`, { keySerde: other.store.keySerde, valueSerde: keyListSerde(this.store.keySerde) });
    const references = keyValueStore(`${joined.name}-references`, { keySerde: this.store.keySerde, valueSerde: keyListSerde(other.store.keySerde) });
    const supplier = foreignKeyJoin({ thisTable: this.store, otherTable: other.store, subscriptions, references, foreignKeys, joiner, left });
    const connectedStores = [subscriptions as unknown as StoreSpec, references as unknown as StoreSpec];
    const { changes } = (sides as KStream<unknown, JoinSide>).process(supplier, { name: joined.name, stores, connectedStores, outputs: ['changes'] });
    return (changes as KStream<K, object | null>).toTable({ name: `${joined.name}-result`, store: joined.store });
  }
}

type JoinArguments = readonly [unknown, unknown] | readonly [unknown, unknown, unknown];
