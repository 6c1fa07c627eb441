import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { RoleAclInputs } from '../../src/kafka/index.js';
import { externalStack, startStack, type BrokerCount, type RunningStack } from '../../src/stack/index.js';

/** What integration tests get: addresses plus, for a private stack, the fault-injection handle. */
export type TestStack = RunningStack;

export interface TestStackOptions {
  readonly brokers?: BrokerCount;
  /** Start an own stack even when the environment names one (fault tests must own their processes). */
  readonly private?: boolean;
  /** Exit on SIGINT/SIGTERM so the exit handler kills the stack (default); a driver with its own handling passes false. */
  readonly handleSignals?: boolean;
  /**
   * A `--secure` stack (SASL_SSL + SCRAM-SHA-512 listeners, https registry with basic auth; see
   * `stack.secure`). Always private: the shared stack of `npm test` is a plain one.
   */
  readonly secure?: boolean;
  /** With `secure`: each role's user (`stack.secure.roles`) gets exactly these inputs' ACLs. */
  readonly roleAcls?: RoleAclInputs;
}

/** Where Maven caches Kafka and Apicurio; the same rule as the CLI. */
export const testCacheDir = (): string => process.env['GLUSTER_EVENTING_CACHE'] ?? join(homedir(), '.cache', 'gluster-eventing');

/**
 * The cluster for an integration test. With KAFKA_BROKERS and SCHEMA_REGISTRY_URL set (as `npm test`
 * does for one shared stack) that cluster is returned and `stop()` does nothing; otherwise a private
 * stack starts in a temporary folder on free ports, and `stop()` kills it and deletes the folder.
 * Call `stop()` in `after`; should the test process be interrupted or exit first, the children are
 * killed anyway.
 *
 * @example let stack: TestStack; before(async () => { stack = await useTestStack(); }); after(() => stack?.stop());
 */
export async function useTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const brokers = process.env['KAFKA_BROKERS'];
  const registryUrl = process.env['SCHEMA_REGISTRY_URL'];
  if (options.private !== true && options.secure !== true && brokers !== undefined && registryUrl !== undefined) {
    return externalStack({ brokers: brokers.split(',').map((b) => b.trim()), registryUrl });
  }
  const dir = await mkdtemp(join(tmpdir(), 'gluster-eventing-stack-'));
  // Our children die with a normal exit ('exit' handler in the stack); turn signals into such an exit.
  const onSignal = (signal: NodeJS.Signals): void => process.exit(signal === 'SIGINT' ? 130 : 143);
  if (options.handleSignals !== false) process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  const forgetSignals = (): void => {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  };
  let stack: RunningStack;
  try {
    ({ stack } = await startStack({ dir, brokers: options.brokers ?? 1, ports: 'free', cacheDir: testCacheDir(), lifetime: 'process', secure: options.secure === true, ...(options.roleAcls === undefined ? {} : { roleAcls: options.roleAcls }) }));
  } catch (error) {
    forgetSignals();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  let stopped = false;
  return {
    ...stack,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await stack.stop({ graceMs: 0 }); // throw-away data: no controlled shutdown needed
      } finally {
        forgetSignals();
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

let counter = 0;

/** A topic/group/subject name no other test (or earlier run against the same cluster) uses. */
export function uniqueName(prefix: string): string {
  counter += 1;
  const safe = prefix.replace(/[^A-Za-z0-9._-]/g, '-');
  return `${safe}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

/**
 * Polls `predicate` until it returns a truthy value (which is returned) or throws after `timeoutMs`.
 * The way to wait in a test: for a condition, never for a fixed time.
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  options: { readonly timeoutMs: number; readonly intervalMs?: number; readonly what?: string },
): Promise<NonNullable<T>> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`waitFor: ${options.what ?? 'condition'} not met within ${options.timeoutMs} ms`, { cause: lastError });
    }
    await delay(options.intervalMs ?? 100);
  }
}
