import { setTimeout as delay } from 'node:timers/promises';
import { waitFor } from '../stack.js';
import type { CliProcessor } from './cli-processor.js';
import type { GlusterRun } from './gluster-run.js';

/** mulberry32: a seeded generator, so that a failing run's kill points can be replayed. */
export function seeded(start: number): () => number {
  let state = start >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * Kills the run's CLI processor `kills` times with SIGKILL: each incarnation is killed at a random
 * point up to `maxDelayMs` after it committed new outputs (so kills land mid-stream, with a
 * transaction open), then a new one is started. Returns the last, running incarnation and one line per kill.
 */
export async function sigkillRepeatedly(run: GlusterRun, options: { kills: number; seed: number; maxDelayMs: number; first: CliProcessor }): Promise<{ last: CliProcessor; timeline: string[] }> {
  const random = seeded(options.seed);
  const timeline: string[] = [];
  let current = options.first;
  for (let kill = 1; kill <= options.kills; kill += 1) {
    const spawnedAt = Date.now();
    const baseline = await run.committedInputs();
    await waitFor(async () => (await run.committedInputs()) > baseline, { timeoutMs: 120_000, intervalMs: 50, what: `incarnation ${kill} committed outputs` });
    const delayMs = Math.floor(random() * options.maxDelayMs);
    await delay(delayMs); // the random kill point itself
    const committed = await run.committedInputs();
    await current.kill();
    timeline.push(`kill ${kill}: ${delayMs} ms after its first new commit, ${((Date.now() - spawnedAt) / 1000).toFixed(1)} s after start, ${committed} of ${run.messages.length} inputs committed`);
    current = await run.startProcessor();
  }
  return { last: current, timeline };
}
