import { StreamsError, type StreamsErrorCode } from './streams-error.js';

/**
 * The runtime stopped: a non-retriable Kafka error, retries exhausted, or an operator failure under
 * the `stop` policy. `code` is the cause's code when it is one of the runtime's errors (e.g.
 * `OPERATOR_FAILED`), else `KAFKA_FATAL`; `cause` holds the original error (an application's own
 * error, e.g. a serde's, keeps its code there); the runtime has already disconnected.
 */
export class StreamsFatalError extends StreamsError {
  override readonly name = 'StreamsFatalError';
  readonly applicationId: string;
  constructor(applicationId: string, reason: string, cause: unknown) {
    const code: StreamsErrorCode = cause instanceof StreamsError ? cause.code : 'KAFKA_FATAL';
    super(code, `streams application ${applicationId} stopped: ${reason}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.applicationId = applicationId;
  }
}
