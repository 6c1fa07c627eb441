import { loadavg } from 'node:os';

/** Small measuring helpers shared by the streams bench phases. */
export interface Percentiles {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

export const loadAverage = (): number[] => loadavg().map((value) => round(value, 2));

/** Nearest-rank percentiles (p99 of 100 values is the 99th smallest). */
export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
  return { count: sorted.length, p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted.at(-1) ?? Number.NaN) };
}

export interface HeapSampler {
  /** MB: heap used when sampling started, the highest seen, and now. */
  stop(): { readonly baselineMb: number; readonly peakMb: number; readonly endMb: number; readonly peakRssMb: number };
}

/** Samples this process' heap every `everyMs` (the runtime runs in-process, so this is its heap). */
export function sampleHeap(everyMs = 100): HeapSampler {
  const mb = (bytes: number): number => round(bytes / 1024 / 1024);
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  let peakRss = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const end = process.memoryUsage().heapUsed;
      return { baselineMb: mb(baseline), peakMb: mb(Math.max(peak, end)), endMb: mb(end), peakRssMb: mb(peakRss) };
    },
  };
}
