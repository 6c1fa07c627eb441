/** What `demo` does once its scenario has ended. */
export type AfterScenario = 'keep-running' | 'exit';

export interface AfterScenarioFlags {
  readonly keepRunning?: boolean;
  readonly exitWhenDone?: boolean;
}

/**
 * `--keep-running` or `--exit-when-done` when given (never both: the CLI refuses that). Otherwise the
 * demo keeps running only where someone can look at it and press Ctrl-C: stdin is a terminal and
 * CI is not `true`. So `npm run demo` in a terminal stays up, and a script, a pipe from /dev/null or
 * CI gets the old behaviour: the scenario, the summary, the exit code, nothing left running.
 *
 * @example afterScenario({}, { stdinIsTTY: true, ci: false }) // 'keep-running'
 */
export function afterScenario(flags: AfterScenarioFlags, where: { readonly stdinIsTTY: boolean; readonly ci: boolean }): AfterScenario {
  if (flags.exitWhenDone === true) return 'exit';
  if (flags.keepRunning === true) return 'keep-running';
  return where.stdinIsTTY && !where.ci ? 'keep-running' : 'exit';
}
