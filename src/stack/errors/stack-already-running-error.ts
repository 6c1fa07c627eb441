import { GlusterEventingError } from '../../errors/index.js';

/** A stack of a different shape already runs from the same state folder; `down` it first. */
export class StackAlreadyRunningError extends GlusterEventingError {
  override readonly name = 'StackAlreadyRunningError';
  readonly dir: string;

  constructor(dir: string, detail: string) {
    super('STACK_ALREADY_RUNNING', `a stack already runs from ${dir} (${detail}); run \`stack down\` first`);
    this.dir = dir;
  }
}
