import type { KeyValueStore } from '../../stores/key-value-store.js';
import type { StoreSpec } from '../../stores/store-spec.js';
import type { ProcessorContext, ProcessorSupplier } from '../processor.js';
import type { TableChanges } from './materialize-table.js';

/** Which table of a join a change came from: the join reads both tables' current values from their stores. */
export type JoinSide = 'this' | 'other';

export interface TableJoinSpec<K, V, VO, VR> {
  readonly thisTable: StoreSpec<K, V>;
  readonly otherTable: StoreSpec<K, VO>;
  readonly joiner: (value: V, otherValue: VO | null) => VR;
  /** Left join: a row of this table without a partner joins with `null`; inner: it has no result. */
  readonly left: boolean;
}

/**
 * The processor behind `KTable#join` / `leftJoin` on the primary key (Kafka Streams'
 * `KTableKTableJoin`): a change on either side recomputes the key's result from both tables'
 * current values; no result is forwarded as `null` (the result table deletes the key, if it had it).
 */
export function tableJoin<K, V, VO, VR>(spec: TableJoinSpec<K, V, VO, VR>): ProcessorSupplier<K, JoinSide, TableChanges<K, VR>> {
  return () => {
    let context: ProcessorContext<TableChanges<K, VR>>;
    let thisTable: KeyValueStore<K, V>;
    let otherTable: KeyValueStore<K, VO>;
    return {
      init(given) {
        context = given;
        thisTable = given.getStateStore(spec.thisTable);
        otherTable = given.getStateStore(spec.otherTable);
      },
      process(record) {
        const value = thisTable.get(record.key);
        const otherValue = otherTable.get(record.key);
        const result = value === undefined || (otherValue === undefined && !spec.left) ? null : spec.joiner(value, otherValue ?? null);
        context.forward({ key: record.key, value: result, timestamp: record.timestamp }, 'changes');
      },
    };
  };
}
