import type { Message } from 'kafkajs';
import { aggregate, dedupe, jsonSerde, StreamsBuilder, stringSerde } from '../../../src/streams/index.js';
import { recentEventTime, type Collected } from './kafka-fixtures.js';

export const PARTITIONS = 6;
export const VOLUMES = 24;
export const NODES = ['n1', 'n2', 'n3'];

export interface Report {
  readonly volume: string;
  readonly seq: number;
  readonly node: string;
}
export interface Tally {
  readonly lastSeq: number;
  readonly changes: number;
}

/** Dedupes the 3 nodes' reports of each (volume, seq) and keeps a per-volume tally table. */
export function tallyTopology(input: string, output: string) {
  const builder = new StreamsBuilder();
  builder
    .stream(input, { key: stringSerde, value: jsonSerde<Report>() })
    .pipe(
      dedupe({ store: 'dedup', idOf: (report) => `${report.volume}:${report.seq}`, windowMs: 3_600_000 }),
      aggregate<string, Report, Tally>({
        store: 'tally',
        keySerde: stringSerde,
        valueSerde: jsonSerde<Tally>(),
        initializer: () => ({ lastSeq: 0, changes: 0 }),
        aggregator: (_volume, report, tally) => ({ lastSeq: report.seq, changes: tally.changes + 1 }),
      }),
    )
    .toTable(output, { key: stringSerde, value: jsonSerde<Tally>() });
  return builder.build();
}


/** Every node's report of every volume for sequence numbers fromSeq..toSeq, keyed by volume. */
export function reports(fromSeq: number, toSeq: number): Message[] {
  const messages: Message[] = [];
  for (let seq = fromSeq; seq <= toSeq; seq++) {
    for (const node of NODES) {
      for (let v = 0; v < VOLUMES; v++) {
        const volume = `vol-${v}`;
        messages.push({ key: volume, value: JSON.stringify({ volume, seq, node }), timestamp: recentEventTime(seq * 1000) });
      }
    }
  }
  return messages;
}

/** Per key, the sequence of values written: what "the same outputs" means across partitionings. */
export function perKey(records: readonly Collected[]): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const record of records) result.set(record.key ?? '', [...(result.get(record.key ?? '') ?? []), record.value?.toString() ?? 'null']);
  return result;
}
