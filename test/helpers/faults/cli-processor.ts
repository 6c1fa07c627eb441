import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestStack } from '../stack.js';
import { waitFor } from '../stack.js';

const MAIN = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));

/**
 * Processor settings that keep wall-clock conditions (silence, disagreement) out of a comparison
 * between runs, and write every state update (no record cache): with the cache, how many
 * intermediate states a key's record shows depends on where the commits fell, which differs
 * between two runs of the same input, so record-by-record comparisons need it off.
 */
export const DETERMINISTIC_PROCESSOR_ENV: Readonly<Record<string, string>> = {
  GLUSTER_EVENTING_SILENCE_TIMEOUT_MS: String(24 * 3_600_000),
  GLUSTER_EVENTING_DISAGREEMENT_GRACE_MS: String(24 * 3_600_000),
  GLUSTER_EVENTING_CACHE_MAX_ENTRIES: '0',
};

/** The processor's record cache as deployed (its default), for a fault test that proves exactly-once with it on. */
export const RECORD_CACHE_ON_ENV: Readonly<Record<string, string>> = { GLUSTER_EVENTING_CACHE_MAX_ENTRIES: '10000' };

export interface CliProcessor {
  readonly child: ChildProcess;
  /** Its HTTP base URL (from its `processor started` log line). */
  readonly url: string;
  /** True when its `/readyz` answers 200 (every assigned task restored and running). */
  ready(): Promise<boolean>;
  /** Everything it logged (JSON lines on stderr), for failure messages. */
  log(): string;
  readonly exited: Promise<[number | null, NodeJS.Signals | null]>;
  /** A crash: SIGKILL, no shutdown, open transactions left for the broker to abort. */
  kill(): Promise<void>;
  /** SIGTERM and the exit code of the clean shutdown. */
  terminate(): Promise<number | null>;
}

const running = new Set<ChildProcess>();

/**
 * `gluster-eventing processor` as operators run it, in its own process so that a test can SIGKILL it.
 * Resolves once it logged `processor started`; rejects with its log if it exits first.
 * {@link killAllCliProcessors} in `after` kills whatever a failed test left running.
 */
export async function startCliProcessor(options: { stack: TestStack; prefix: string; applicationId: string; env?: Record<string, string> }): Promise<CliProcessor> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'processor', '--application-id', options.applicationId, '--http-port', '0'], {
    env: {
      ...process.env,
      KAFKA_BROKERS: options.stack.brokers.join(','),
      SCHEMA_REGISTRY_URL: options.stack.registryUrl,
      GLUSTER_EVENTING_TOPIC_PREFIX: options.prefix,
      GLUSTER_EVENTING_LOG_LEVEL: process.env['FAULT_LOG_LEVEL'] ?? 'info',
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  void exited.then(() => running.delete(child));
  let output = '';
  // FAULT_LOG_DIR keeps every processor's whole log for a post-mortem (the test only shows a tail);
  // FAULT_LOG_LEVEL=debug adds kafkajs' retried errors to it.
  const logFile = process.env.FAULT_LOG_DIR === undefined ? undefined : join(process.env.FAULT_LOG_DIR, `${options.applicationId}-${child.pid ?? 'unknown'}.log`);
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-200_000);
    if (logFile !== undefined) appendFileSync(logFile, chunk);
  });
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  await waitFor(() => output.includes('"processor started"') || !alive(), { timeoutMs: 90_000, what: 'processor started' });
  if (!alive()) throw new Error(`processor exited at start (${child.exitCode ?? child.signalCode}): ${output.slice(-3000)}`);
  const startedLine = output.split('\n').find((line) => line.includes('"processor started"')) ?? '{}';
  const url = (JSON.parse(startedLine) as { http?: string }).http ?? '';
  return {
    child,
    url,
    async ready() {
      if (!alive()) return false;
      try {
        return (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) })).status === 200;
      } catch {
        return false; // busy or stopping: asked again at the next look
      }
    },
    log: () => output,
    exited,
    async kill() {
      if (alive() && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
      await exited;
    },
    async terminate() {
      if (alive()) child.kill('SIGTERM');
      const [code] = await exited;
      return code;
    },
  };
}

/** SIGKILLs every CLI processor still running (for `after`). */
export async function killAllCliProcessors(): Promise<void> {
  const children = [...running];
  for (const child of children) if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
  await Promise.all(children.map((child) => (child.exitCode === null && child.signalCode === null ? once(child, 'exit') : undefined)));
}
