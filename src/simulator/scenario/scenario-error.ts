import { GlusterEventingError } from '../../errors/index.js';

/** A scenario file (or object) failed validation; the message is one line naming the first bad field. */
export class ScenarioError extends GlusterEventingError {
  override readonly name = 'ScenarioError';
  /** Where the scenario came from (a file path, or `<object>`). */
  readonly source: string;
  /** The bad field, e.g. `steps[3].failing`. */
  readonly field: string;

  constructor(source: string, field: string, problem: string, cause?: unknown) {
    super('SIMULATOR_SCENARIO_INVALID', `invalid scenario ${source}: ${field}: ${problem}`, cause === undefined ? {} : { cause });
    this.source = source;
    this.field = field;
  }
}
