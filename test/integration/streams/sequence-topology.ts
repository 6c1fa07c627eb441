import { aggregate, jsonSerde, mapRecord, StreamsBuilder, stringSerde } from '../../../src/streams/index.js';
import type { Collected } from './kafka-fixtures.js';

/** An input: the n-th record of its key (n = 1, 2, …); `offset`: its input offset, once repartitioned. */
export interface Numbered {
  readonly seq: number;
  readonly offset?: string;
}

/** The running aggregate of a key after one input: that input's seq and offset, count and sum of all seqs so far. */
export interface Running {
  readonly seq: number;
  readonly offset: string;
  readonly count: number;
  readonly sum: number;
}

/**
 * Per-key running count and sum, emitting one output per input. Unlike `tallyTopology` there is no
 * dedupe: an input processed twice (or skipped) changes every later output of its key, so
 * exactly-once is visible in the outputs themselves. With `repartitioned`, the inputs first pass
 * through a repartition topic (two sub-topologies, the second reading what the first's transactional
 * producers wrote), as the Gluster pipelines do.
 */
export function sequenceTopology(input: string, output: string, options: { repartitioned?: boolean } = {}) {
  const builder = new StreamsBuilder();
  const source = builder.stream(input, { key: stringSerde, value: jsonSerde<Numbered>() });
  const numbered = options.repartitioned !== true ? source : source.pipe(mapRecord((record): { key: string; value: Numbered } => ({ key: record.key, value: { seq: record.value.seq, offset: record.offset } }))).repartition('numbered', { key: stringSerde, value: jsonSerde<Numbered>() });
  numbered
    .pipe(
      aggregate<string, Numbered, Running>({
        store: 'running',
        keySerde: stringSerde,
        valueSerde: jsonSerde<Running>(),
        initializer: () => ({ seq: 0, offset: '-1', count: 0, sum: 0 }),
        aggregator: (_key, { seq, offset }, running, record) => ({ seq, offset: offset ?? record.offset, count: running.count + 1, sum: running.sum + seq }),
      }),
    )
    .toTable(output, { key: stringSerde, value: jsonSerde<Running>() });
  return builder.build();
}

/** What key's outputs must be when its inputs 1..n sit at `offsets[0..n-1]` and each is processed once. */
export function expectedRuns(offsets: readonly string[]): Running[] {
  return offsets.map((offset, i) => ({ seq: i + 1, offset, count: i + 1, sum: ((i + 1) * (i + 2)) / 2 }));
}

/**
 * Per key, how its outputs differ from the expected ones: '' when equal, else the first difference
 * (an input processed again shows as a seq not above the previous one, a lost input as a skipped seq).
 */
export function firstDifference(actual: readonly Running[], expected: readonly Running[]): string {
  for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
    const [a, e] = [actual[i], expected[i]];
    if (a === undefined || e === undefined || a.seq !== e.seq || a.offset !== e.offset || a.count !== e.count || a.sum !== e.sum) {
      const kind = a === undefined ? 'missing' : e === undefined ? 'extra' : a.seq <= (actual[i - 1]?.seq ?? 0) ? 'replayed' : a.seq > e.seq ? 'gap' : 'wrong';
      return `${kind} at output #${i + 1}: ${JSON.stringify(a ?? null)}, expected ${JSON.stringify(e ?? null)} (${actual.length} outputs, ${expected.length} expected)`;
    }
  }
  return '';
}

/** Output records grouped by key, values decoded, in read order (one partition per key, so offset order). */
export function runsByKey(records: readonly Collected[]): Map<string, Running[]> {
  const result = new Map<string, Running[]>();
  for (const record of records) {
    if (record.key === null || record.value === null) continue;
    const runs = result.get(record.key) ?? [];
    runs.push(JSON.parse(record.value.toString('utf8')) as Running);
    result.set(record.key, runs);
  }
  return result;
}
