/**
 * Teardown for tests that start things outside the test process (daemons, containers, loop devices):
 * each start registers how to undo it, and one `run()` in `after` undoes everything, also when a
 * test failed half-way. Steps run in reverse order of registration; every step runs even if an
 * earlier one throws.
 */
export class Cleanup {
  private readonly steps: { readonly what: string; readonly step: () => Promise<void> }[] = [];

  defer(what: string, step: () => Promise<void>): void {
    this.steps.push({ what, step });
  }

  /** Runs and forgets all steps; throws an AggregateError naming the failed ones at the end. */
  async run(): Promise<void> {
    const failures: unknown[] = [];
    while (this.steps.length > 0) {
      const { what, step } = this.steps.pop()!;
      try {
        await step();
      } catch (error) {
        failures.push(new Error(`cleanup "${what}" failed: ${String(error)}`, { cause: error }));
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, 'cleanup failed');
  }
}
