import { GlusterEventingError, type ErrorCode } from '../../errors/index.js';

/**
 * The runtime stopped: a non-retriable Kafka error, retries exhausted, or an operator failure under
 * the `stop` policy. `code` is the cause's code when it is a project error (e.g. `OPERATOR_FAILED`),
 * else `KAFKA_FATAL`; `cause` holds the original error; the runtime has already disconnected.
 */
export class StreamsFatalError extends GlusterEventingError {
  override readonly name = 'StreamsFatalError';
  readonly applicationId: string;
  constructor(applicationId: string, reason: string, cause: unknown) {
    const code: ErrorCode = cause instanceof GlusterEventingError ? cause.code : 'KAFKA_FATAL';
    super(code, `streams application ${applicationId} stopped: ${reason}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.applicationId = applicationId;
  }
}
