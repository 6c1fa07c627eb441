import type { ProducedRecord } from '../record.js';

/**
 * A task's changelog writes of its open commit interval, only the last per key, written when the
 * interval commits (Kafka Streams' state store caching, KIP-63). Nothing is lost by it: a changelog
 * is compacted and only its last value per key is ever restored, and an interval's records are
 * committed in one transaction or not at all (under exactly-once), so a key's earlier writes in the
 * same interval carry nothing. An aggregate over a hot key (one volume's state, reported by every
 * node; one node's storage, rewritten by every disk change) writes its changelog once per commit
 * interval instead of once per record or per fetched batch. Outputs are never held or coalesced:
 * every record of a derived topic is somebody's event, and it is sent with its batch.
 */
export interface ChangelogBuffer {
  /**
   * Takes the changelog writes out of `records` (each replacing an earlier held write of the same
   * topic, partition and key) and returns the other records, in their order: what to send now.
   */
  hold(records: readonly ProducedRecord[]): ProducedRecord[];
  /** The held writes, in the order of each key's last write; the buffer is empty afterwards. */
  drain(): ProducedRecord[];
  readonly size: number;
}

export function createChangelogBuffer(changelogs: ReadonlyMap<string, unknown>): ChangelogBuffer {
  let held = new Map<string, ProducedRecord>();
  return {
    hold(records) {
      const rest: ProducedRecord[] = [];
      for (const record of records) {
        if (record.key === null || !changelogs.has(record.topic)) {
          rest.push(record);
          continue;
        }
        const identity = `${record.topic}\u0000${record.partition ?? -1}\u0000${record.key.toString('latin1')}`;
        // Deleted first so that the key's place is its last write.
        held.delete(identity);
        held.set(identity, record);
      }
      return rest;
    },
    drain() {
      const writes = [...held.values()];
      held = new Map();
      return writes;
    },
    get size() {
      return held.size;
    },
  };
}
