import { GlusterEventingError } from '../../errors/index.js';

/** `java` or `mvn` (or `openssl`, for `--secure`) is missing or too old; `tool` names which. */
export class StackPrerequisiteError extends GlusterEventingError {
  override readonly name = 'StackPrerequisiteError';
  readonly tool: 'java' | 'mvn' | 'openssl';

  constructor(tool: 'java' | 'mvn' | 'openssl', message: string, cause?: unknown) {
    super('STACK_PREREQUISITE_MISSING', message, { cause });
    this.tool = tool;
  }
}
