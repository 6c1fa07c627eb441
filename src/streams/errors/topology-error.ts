import { GlusterEventingError } from '../../errors/index.js';

/** The pipeline description cannot run: duplicate store, unknown table, inputs not co-partitioned. */
export class TopologyError extends GlusterEventingError {
  override readonly name = 'TopologyError';
  constructor(message: string) {
    super('STREAMS_TOPOLOGY_INVALID', message);
  }
}
