/** Durations of consecutive steps, for a log line that shows where a slow start or stop waited. */
export interface StepTimer {
  /** Milliseconds (rounded) by step name, in the order the steps ended. */
  readonly steps: Readonly<Record<string, number>>;
  /** Ends the current step under `name` and starts the next; returns its duration in ms. */
  step(name: string): number;
}

/** `now`: the runtime's monotonic clock (`StreamsSettings.clock`). */
export function stepTimer(now: () => number): StepTimer {
  const steps: Record<string, number> = {};
  let started = now();
  return {
    steps,
    step(name) {
      const ended = now();
      steps[name] = Math.round(ended - started);
      started = ended;
      return steps[name];
    },
  };
}
