import type { TransactionsBenchResults } from '../transactions-bench.js';
import { percentiles, round } from '../streams/measures.js';
import type { BurstRun } from './burst.js';
import type { PacedRun } from './paced.js';
import { SHAPES, type Shape } from './shapes.js';

const BASE: Shape = 'kafkajs-per-task-100ms';

export interface BurstSummary {
  readonly shape: Shape;
  readonly runs: number;
  /** Median over the rounds. */
  readonly recordsPerSecond: number;
  readonly transactionsPerSecond: number;
  /** Percentiles of every round's commits together. */
  readonly commitP50Ms: number;
  readonly commitP99Ms: number;
  /** Percentiles of the offsets step of every round's commits, where the loop reports it. */
  readonly offsetsStepP50Ms: number | null;
  readonly transactionalProducers: number;
  readonly exactlyOnce: boolean;
  /** records/s ÷ (a)'s records/s in the same round. */
  readonly recordsRatioPerRound: readonly number[];
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
};
const ratio = (value: number, to: number | undefined): string => (to === undefined || to === 0 ? '–' : String(round(value / to, 2)));

export function summariseBursts(bursts: readonly BurstRun[]): BurstSummary[] {
  return (Object.keys(SHAPES) as Shape[]).flatMap((shape) => {
    const runs = bursts.filter((run) => run.shape === shape);
    if (runs.length === 0) return [];
    const commits = percentiles(runs.flatMap((run) => run.commitsMs));
    const offsetSteps = runs.flatMap((run) => (run.offsetsStepMs === null ? [] : [run.offsetsStepMs.p50]));
    const perRound = runs.flatMap((run) => bursts.filter((b) => b.shape === BASE && b.round === run.round).map((b) => round(run.recordsPerSecond / b.recordsPerSecond, 2)));
    return [{
      shape,
      runs: runs.length,
      recordsPerSecond: Math.round(median(runs.map((run) => run.recordsPerSecond))),
      transactionsPerSecond: round(median(runs.map((run) => run.transactionsPerSecond))),
      commitP50Ms: commits.p50,
      commitP99Ms: commits.p99,
      offsetsStepP50Ms: offsetSteps.length === 0 ? null : median(offsetSteps),
      transactionalProducers: Math.max(...runs.map((run) => run.transactionalProducers)),
      exactlyOnce: runs.every((run) => run.check.exactlyOnce),
      recordsRatioPerRound: perRound,
    }];
  });
}

/** Both phases as Markdown tables, each figure with its ratio to (a) (what docs/benchmarks.md quotes). */
export function formatTransactionsBench(results: TransactionsBenchResults): string {
  const e = results.environment;
  const burst = summariseBursts(results.bursts);
  const b = burst.find((s) => s.shape === BASE);
  const lines = [
    `Burst: ${e.records} pre-produced records over ${e.partitions} partitions, ${Math.max(0, ...burst.map((s) => s.runs))} rounds (medians; commit percentiles over all rounds' commits); (× a) = ratio to (a) in this run`,
    '',
    '| shape | records/s (× a; per round) | transactions/s (× a) | commit p50 (× a) | commit p99 (× a) | txn producers | each record once (read_committed) |',
    '|---|---|---|---|---|---|---|',
    ...burst.map((s) => `| ${SHAPES[s.shape].label} | ${s.recordsPerSecond} (${ratio(s.recordsPerSecond, b?.recordsPerSecond)}; ${s.recordsRatioPerRound.join(', ')}) | ${s.transactionsPerSecond} (${ratio(s.transactionsPerSecond, b?.transactionsPerSecond)}) | ${s.commitP50Ms} ms (${ratio(s.commitP50Ms, b?.commitP50Ms)})${s.offsetsStepP50Ms === null ? '' : `, offsets step ${s.offsetsStepP50Ms} ms`} | ${s.commitP99Ms} ms (${ratio(s.commitP99Ms, b?.commitP99Ms)}) | ${s.transactionalProducers} | ${s.exactlyOnce ? 'yes' : 'NO'} |`),
  ];
  const paced: readonly PacedRun[] = results.paced;
  const p = paced.find((run) => run.shape === BASE);
  if (paced.length > 0) {
    lines.push(
      '',
      `Paced: ${paced[0]?.rate} records/s for ${Math.round((paced[0]?.records ?? 0) / (paced[0]?.rate ?? 1))} s, round-robin over ${e.partitions} partitions (every task has input every interval); CPU over pace start → all committed, % of one core`,
      '',
      '| shape | transactions/s (× a) | commit p50 / p99 | input → read_committed p50 / p99 (× a) | loop CPU, ms per 1,000 records (× a) | broker CPU (× a) | paced for / drained after | each record once |',
      '|---|---|---|---|---|---|---|---|',
      ...paced.map((run) => `| ${SHAPES[run.shape].label} | ${run.transactionsPerSecond} (${ratio(run.transactionsPerSecond, p?.transactionsPerSecond)}) | ${run.commitLatencyMs.p50} / ${run.commitLatencyMs.p99} ms${run.offsetsStepMs === null ? '' : ` (offsets step ${run.offsetsStepMs.p50} / ${run.offsetsStepMs.p99} ms)`} | ${run.latencyMs.p50} / ${run.latencyMs.p99} ms (${ratio(run.latencyMs.p50, p?.latencyMs.p50)} / ${ratio(run.latencyMs.p99, p?.latencyMs.p99)}) | ${run.loopCpuPercent}%, ${run.loopCpuMsPer1000Records} ms (${ratio(run.loopCpuMsPer1000Records, p?.loopCpuMsPer1000Records)}) | ${run.brokerCpuPercent}% (${ratio(run.brokerCpuPercent, p?.brokerCpuPercent)}) | ${run.paceSeconds} / ${run.drainSeconds} s | ${run.check.exactlyOnce ? 'yes' : 'NO'} |`),
    );
  }
  lines.push('', `${e.date}; node ${e.node}${e.kip447 === null ? '' : `, @platformatic/kafka ${e.kip447.clientVersion} on node ${e.kip447.nodeVersion}`}; ${e.cores} cores, load average ${e.loadAverageBefore.join(' ')} → ${e.loadAverageAfter.join(' ')}`);
  for (const error of results.errors) lines.push(`error: ${error}`);
  return lines.join('\n');
}
