import { readFileSync } from 'node:fs';
import type { CliProcessor } from '../../helpers/faults/cli-processor.js';
import { round } from '../streams/measures.js';

/** The processor's HTTP address, from its `processor started` log line. */
export function httpUrlOf(processor: CliProcessor): string {
  const url = /"http":"([^"]+)"/.exec(processor.log())?.[1];
  if (url === undefined) throw new Error(`no HTTP address in the processor log: ${processor.log().slice(-1000)}`);
  return url;
}

/** Sum of every sample of `name` in a Prometheus text page, optionally only lines containing `filter`. */
export function metricSum(page: string, name: string, filter?: string): number {
  return page
    .split('\n')
    .filter((line) => (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) && (filter === undefined || line.includes(filter)))
    .reduce((total, line) => total + Number(line.split(' ').at(-1)), 0);
}

/** Entries per store, summed over the tasks (`streams_store_entries{store,task}`). */
export function storeEntries(page: string): Record<string, number> {
  const entries: Record<string, number> = {};
  for (const line of page.split('\n')) {
    const match = /^streams_store_entries\{(.*)\} (\S+)$/.exec(line);
    const store = match?.[1] === undefined ? undefined : /store="([^"]+)"/.exec(match[1])?.[1];
    if (match === null || store === undefined) continue;
    entries[store] = (entries[store] ?? 0) + Number(match[2]);
  }
  return entries;
}

/** A processor busy with a large backlog answered /metrics after ~9 s here: the timeout leaves room for that. */
export const fetchMetrics = async (url: string): Promise<string> => fetch(`${url}/metrics`, { signal: AbortSignal.timeout(30_000) }).then((response) => response.text());

/** Peak resident set (VmHWM) of a live process in MB, from /proc; undefined once it has exited. */
export function peakRssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : round(Number(kb) / 1024);
  } catch {
    return undefined;
  }
}

export interface ProcessorSampler {
  /** Highest heap used seen on /metrics (MB) and the last page read. */
  stop(): Promise<{ peakHeapMb: number; lastPage: string }>;
}

/**
 * Reads /metrics every `everyMs` (a tick is skipped while the previous read is unanswered) to follow
 * the heap; a heap peak between two samples is missed.
 */
export function sampleProcessor(url: string, everyMs = 1_000): ProcessorSampler {
  let peak = 0;
  let lastPage = '';
  let pending: Promise<void> | undefined;
  const sample = async (): Promise<void> => {
    const page = await fetchMetrics(url).catch(() => '');
    if (page === '') return;
    lastPage = page;
    peak = Math.max(peak, metricSum(page, 'nodejs_heap_size_used_bytes'));
  };
  const timer = setInterval(() => {
    pending ??= sample().finally(() => (pending = undefined));
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await pending;
      await sample();
      return { peakHeapMb: round(peak / 1024 / 1024), lastPage };
    },
  };
}

/** Records restored, and by how many tasks (those that restored any), from the `task started` log lines. */
export function restoredFromLog(log: string): { tasks: number; records: number } {
  let tasks = 0;
  let records = 0;
  for (const line of log.split('\n')) {
    if (!line.includes('"task started"')) continue;
    const restored = /"restored":(\d+)/.exec(line)?.[1];
    if (restored === undefined || restored === '0') continue;
    tasks += 1;
    records += Number(restored);
  }
  return { tasks, records };
}
