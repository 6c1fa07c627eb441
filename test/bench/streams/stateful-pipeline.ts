import type { Message } from 'kafkajs';
import { aggregate, dedupe, jsonSerde, StreamsBuilder, stringSerde, type Topology } from '../../../src/streams/index.js';

/** One node's report of a change of one volume; every node reports every change. */
export interface Report {
  readonly volume: string;
  readonly seq: number;
  readonly node: string;
  readonly status: string;
}

/** The latest state of a volume, as the table holds it. */
export interface Latest {
  readonly seq: number;
  readonly status: string;
  readonly reportedBy: string;
  readonly changes: number;
}

/**
 * The stateful bench pipeline: the nodes' duplicated reports are deduplicated per (volume, seq) in a
 * TTL store, then the latest value per volume is aggregated in a key-value store and written as a
 * table to a compacted topic. Per distinct change: one dedupe changelog write, one aggregate
 * changelog write, one output; so 3 nodes × C changes in → 3 × C records out, as the bare loop's copy.
 */
export function statefulTopology(input: string, output: string): Topology {
  const builder = new StreamsBuilder();
  builder
    .stream(input, { key: stringSerde, value: jsonSerde<Report>() })
    .pipe(
      // A window longer than the run: no expiry tombstones in the middle of the measure.
      dedupe({ store: 'reports-seen', idOf: (report) => `${report.volume}:${report.seq}`, windowMs: 3_600_000 }),
      aggregate<string, Report, Latest>({
        store: 'latest-volume',
        keySerde: stringSerde,
        valueSerde: jsonSerde<Latest>(),
        initializer: () => ({ seq: -1, status: 'UNKNOWN', reportedBy: '', changes: 0 }),
        aggregator: (_volume, report, latest) => ({ seq: Math.max(latest.seq, report.seq), status: report.status, reportedBy: report.node, changes: latest.changes + 1 }),
      }),
    )
    .toTable(output, { key: stringSerde, value: jsonSerde<Latest>() });
  return builder.build();
}

export const NODES = ['node-a', 'node-b', 'node-c'];
const STATUSES = ['STARTED', 'STOPPED', 'CREATED'];

/** Every node's report of change `seq` of volume `vol-<volume>`, keyed by volume. */
export function changeReports(volume: number, seq: number, timestamp: number): Message[] {
  const name = `vol-${volume}`;
  return NODES.map((node) => {
    const report: Report = { volume: name, seq, node, status: STATUSES[seq % STATUSES.length] ?? 'STARTED' };
    return { key: name, value: JSON.stringify(report), timestamp: String(timestamp) };
  });
}

/** Every node's report of changes `fromSeq`..`toSeq - 1` of `volumes` volumes, stamped now. */
export function reports(volumes: number, fromSeq: number, toSeq: number, timestamp: number = Date.now()): Message[] {
  const messages: Message[] = [];
  for (let seq = fromSeq; seq < toSeq; seq += 1) for (let v = 0; v < volumes; v += 1) messages.push(...changeReports(v, seq, timestamp));
  return messages;
}
