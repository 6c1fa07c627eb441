import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { BareLoop } from '../streams/bare-loop.js';

/** What a loop child writes on stdout, one JSON object a line (both children speak it). */
export type LoopEvent =
  | { readonly event: 'first-record'; readonly at: number }
  | { readonly event: 'commit'; readonly ms: number; readonly partitions?: number; readonly offsetsMs?: number }
  | { readonly event: 'producers'; readonly count: number }
  | { readonly event: 'failed'; readonly error: string }
  | { readonly event: 'stopped' };

export interface LoopChild extends BareLoop {
  readonly pid: number;
  /** Of each commit, the offsets step (AddOffsetsToTxn + TxnOffsetCommit), when the child reports it (the KIP-447 one does). */
  offsetSteps(): readonly number[];
}

/**
 * A read-process-write loop in its own process (`kafkajs-loop-child.ts` under tsx, or
 * `kip447-loop.mjs` under Node 22), behind the kafkajs bare loop's interface so the bench measures
 * every shape the same way, and each loop's CPU alone. Epoch times from the child become this
 * process' `performance.now()` (both clocks' origins are known). Closing its stdin stops it.
 */
export function startLoopChild(command: string, args: readonly string[], cwd?: string): LoopChild {
  const child = spawn(command, [...args], { stdio: ['pipe', 'pipe', 'inherit'], ...(cwd === undefined ? {} : { cwd }) });
  const commitsMs: number[] = [];
  const offsetsMs: number[] = [];
  let producers = 0;
  let firstRecordAt: number | undefined;
  let failure: unknown;
  let stopping = false;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then((code) => {
    if (!stopping) failure ??= new Error(`the loop child exited (code ${code}) before it was stopped`);
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    let event: LoopEvent;
    try {
      event = JSON.parse(line) as LoopEvent;
    } catch {
      return; // not ours: a library's stray console output
    }
    if (event.event === 'first-record') firstRecordAt = event.at - performance.timeOrigin;
    else if (event.event === 'commit') {
      commitsMs.push(event.ms);
      if (event.offsetsMs !== undefined) offsetsMs.push(event.offsetsMs);
    }
    else if (event.event === 'producers') producers = event.count;
    else if (event.event === 'failed') failure ??= new Error(`the loop child failed: ${event.error}`);
  });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  return {
    pid: child.pid,
    stats: () => ({ producers, commitsMs, firstRecordAt }),
    offsetSteps: () => offsetsMs,
    failed: () => failure,
    async stop() {
      stopping = true;
      child.stdin.end();
      const timeout = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const code = await exited;
      clearTimeout(timeout);
      if (failure !== undefined) throw failure;
      if (code !== 0) throw new Error(`the loop child exited with code ${code}`);
    },
  };
}
