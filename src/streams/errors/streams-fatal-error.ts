import { GlusterEventingError } from '../../errors/index.js';

/**
 * The runtime stopped: a non-retriable Kafka error, retries exhausted, or an operator failure under
 * the `stop` policy. `cause` holds the original error; the runtime has already disconnected cleanly.
 */
export class StreamsFatalError extends GlusterEventingError {
  override readonly name = 'StreamsFatalError';
  readonly applicationId: string;
  constructor(applicationId: string, reason: string, cause: unknown) {
    super('KAFKA_FATAL', `streams application ${applicationId} stopped: ${reason}`, { cause });
    this.applicationId = applicationId;
  }
}
