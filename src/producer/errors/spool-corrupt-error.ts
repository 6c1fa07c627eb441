import { GlusterEventingError } from '../../errors/index.js';

/** The spool's files changed under the running producer: delivery stops rather than send garbage. */
export class SpoolCorruptError extends GlusterEventingError {
  override readonly name = 'SpoolCorruptError';
  readonly segment: number;
  readonly offset: number;

  constructor(segment: number, offset: number, reason: string) {
    super('SPOOL_CORRUPT', `spool segment ${segment} is corrupt at byte ${offset}: ${reason}`);
    this.segment = segment;
    this.offset = offset;
  }
}
