import type { ProducedRecord } from '../record.js';

/**
 * Keeps only the last write per changelog key of what one batch produced, as Kafka Streams' state
 * store caching does (KIP-63). Nothing is lost by it: a changelog is compacted and only its last
 * value per key is ever restored, and a batch's records are committed in one transaction or not at
 * all, so a key's earlier writes in the same send carry nothing. An aggregate over a hot key (one
 * volume's state, reported by every node) writes its changelog once per batch instead of once per
 * record. Outputs are never coalesced: every record of a derived topic is somebody's event.
 *
 * Order is kept: outputs stay where they were, a kept changelog write stays at its (last) place.
 */
export function coalesceChangelogWrites(records: readonly ProducedRecord[], changelogs: ReadonlyMap<string, unknown>): ProducedRecord[] {
  const seen = new Set<string>();
  const kept: ProducedRecord[] = [];
  let dropped = 0;
  for (let index = records.length - 1; index >= 0; index -= 1) {
    const record = records[index] as ProducedRecord;
    if (record.key !== null && changelogs.has(record.topic)) {
      const identity = `${record.topic}\u0000${record.partition ?? -1}\u0000${record.key.toString('latin1')}`;
      if (seen.has(identity)) {
        dropped += 1;
        continue;
      }
      seen.add(identity);
    }
    kept.push(record);
  }
  if (dropped === 0) return records as ProducedRecord[];
  return kept.reverse();
}
