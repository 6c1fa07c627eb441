import { readdirSync, readFileSync } from 'node:fs';
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

/** USER_HZ, 100 on Linux x86-64 and arm64 (`getconf CLK_TCK`). */
const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime of a process in seconds (/proc/<pid>/stat), undefined when unreadable. */
export function cpuSecondsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // After the ')' of comm: state is field 3, utime 14 and stime 15 (1-based) -> indices 11 and 12.
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** This process's children (e.g. the bench stack's broker and registry), from /proc. */
function childPids(): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      if (Number(fields[1]) === process.pid) children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

/**
 * CPU used between `start` and `stop`, in seconds: this process, and its child processes together
 * (the stack: broker and registry). Divided by the wall time it says which side was busy.
 */
export function sampleCpu(): { stop(): { readonly selfSeconds: number; readonly childrenSeconds: number } } {
  const self = process.cpuUsage();
  const children = new Map(childPids().map((pid) => [pid, cpuSecondsOf(pid) ?? 0]));
  return {
    stop() {
      const used = process.cpuUsage(self);
      let childrenSeconds = 0;
      for (const [pid, before] of children) childrenSeconds += (cpuSecondsOf(pid) ?? before) - before;
      return { selfSeconds: round((used.user + used.system) / 1e6, 2), childrenSeconds: round(childrenSeconds, 2) };
    },
  };
}
