import { StreamsError } from './streams-error.js';

/** The pipeline description cannot run: duplicate store, unknown table, inputs not co-partitioned. */
export class TopologyError extends StreamsError {
  override readonly name = 'TopologyError';
  constructor(message: string) {
    super('STREAMS_TOPOLOGY_INVALID', message);
  }
}
