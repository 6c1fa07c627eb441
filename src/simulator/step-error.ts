import { GlusterEventingError } from '../errors/index.js';

/** A step cannot be applied to the current simulated state (unknown volume, brick already used, ...). */
export class StepError extends GlusterEventingError {
  override readonly name = 'StepError';

  constructor(problem: string) {
    super('SIMULATOR_STEP_INVALID', `simulator step rejected: ${problem}`);
  }
}
