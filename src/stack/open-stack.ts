import { resolve } from 'node:path';
import { silentLogger, type Logger } from '../logging/index.js';
import { createProcessStack, type RunningStack } from './running-stack.js';
import { readState } from './state.js';

/**
 * Re-opens the stack recorded in `dir` (by `stack up` in another process), or undefined when there is
 * none. `stack down` is `(await openStack({ dir }))?.stop()`: it signals only the recorded pids.
 */
export async function openStack(options: { readonly dir: string; readonly logger?: Logger; readonly startTimeoutMs?: number }): Promise<RunningStack | undefined> {
  const state = await readState(resolve(options.dir));
  if (state === undefined) return undefined;
  return createProcessStack({ state, logger: options.logger ?? silentLogger, startTimeoutMs: options.startTimeoutMs ?? 180_000, killOnExit: false });
}
