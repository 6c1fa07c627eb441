import type { ScenarioStep } from './scenario/step-schema.js';

export interface RunStepsOptions {
  /** Time factor: 2 plays twice as fast; Infinity plays without waiting. Default 1. */
  readonly speed?: number;
  /** Stops playing between steps when aborted. */
  readonly signal?: AbortSignal;
  /** Called after each step, e.g. to print progress. */
  readonly onStep?: (step: ScenarioStep, index: number) => void;
}

/**
 * Plays steps in `at` order (stable for equal times), waiting until each one's time relative to
 * the start, divided by `speed`. Waits are measured from the start, so slow steps do not add up.
 */
export async function runSteps(
  steps: readonly ScenarioStep[],
  apply: (step: ScenarioStep) => Promise<void>,
  options: RunStepsOptions = {},
): Promise<void> {
  const speed = options.speed ?? 1;
  const ordered = steps.map((step, index) => ({ step, index })).sort((a, b) => a.step.at - b.step.at || a.index - b.index);
  const start = performance.now();
  for (const { step, index } of ordered) {
    if (options.signal?.aborted) return;
    const wait = start + step.at / speed - performance.now();
    if (wait > 0) await delay(wait, options.signal);
    if (options.signal?.aborted) return;
    await apply(step);
    options.onStep?.(step, index);
  }
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
