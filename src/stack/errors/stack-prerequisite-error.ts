import { GlusterEventingError } from '../../errors/index.js';

/** `java` or `mvn` is missing or too old; `tool` names which. */
export class StackPrerequisiteError extends GlusterEventingError {
  override readonly name = 'StackPrerequisiteError';
  readonly tool: 'java' | 'mvn';

  constructor(tool: 'java' | 'mvn', message: string, cause?: unknown) {
    super('STACK_PREREQUISITE_MISSING', message, { cause });
    this.tool = tool;
  }
}
