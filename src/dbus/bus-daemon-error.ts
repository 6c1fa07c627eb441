import { GlusterEventingError } from '../errors/index.js';

/** `dbus-daemon` could not be started (missing binary, bad directory, or it printed no address/pid). */
export class BusDaemonError extends GlusterEventingError {
  override readonly name = 'BusDaemonError';
  readonly dir: string;

  constructor(dir: string, detail: string, cause?: unknown) {
    super('DBUS_DAEMON_FAILED', `could not start dbus-daemon in ${dir}: ${detail}`, cause === undefined ? {} : { cause });
    this.dir = dir;
  }
}
