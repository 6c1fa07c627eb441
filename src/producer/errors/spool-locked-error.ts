import { GlusterEventingError } from '../../errors/index.js';

/** Another live producer owns the spool directory: two owners would deliver its records twice. */
export class SpoolLockedError extends GlusterEventingError {
  override readonly name = 'SpoolLockedError';
  readonly dir: string;
  readonly ownerPid: number;

  constructor(dir: string, ownerPid: number, detail: string) {
    super('SPOOL_LOCKED', `spool ${dir} is in use by ${detail} (pid ${ownerPid}); one producer per spool directory: stop that one, or give this one its own --spool-dir`);
    this.dir = dir;
    this.ownerPid = ownerPid;
  }
}
