import { GlusterEventingError } from '../../errors/index.js';

/** The well-known name could not be owned: another owner has it, or the bus policy denies it (not root, no policy file). */
export class DbusNameError extends GlusterEventingError {
  override readonly name = 'DbusNameError';
  readonly busName: string;

  constructor(busName: string, detail: string, cause?: unknown) {
    super('DBUS_NAME_NOT_OWNED', `could not own ${busName}: ${detail}`, cause === undefined ? {} : { cause });
    this.busName = busName;
  }
}
