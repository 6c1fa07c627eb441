/**
 * The codes of the runtime's own failures; callers branch on these, never on message text. They are
 * also what a dead-lettered record's `__streams.errors.code` header and the
 * `streams_records_dead_lettered_total` metric's `code` label say when the runtime itself failed
 * the record (e.g. `OPERATOR_FAILED`).
 */
export type StreamsErrorCode =
  | 'OPERATOR_FAILED'
  | 'STREAMS_OPERATOR_ASYNC'
  | 'STREAMS_STORE_FULL'
  | 'STREAMS_RESTORE_FAILED'
  | 'STREAMS_TASK_FENCED'
  | 'STREAMS_TASK_TRANSITION_ILLEGAL'
  | 'STREAMS_TOPOLOGY_INVALID'
  | 'KAFKA_FATAL';

export interface StreamsErrorOptions {
  /** Whether trying the same work again (after a backoff, or in a fresh instance) can succeed. Default false. */
  readonly retriable?: boolean;
  /** The underlying error (an operator's, a serde's, kafkajs'), kept as the native `cause`. */
  readonly cause?: unknown;
}

/**
 * The base of every error the streams runtime raises on purpose, as Kafka Streams' `StreamsException`
 * is of its own: `code` says which failure it is, `retriable` whether trying again can help, the
 * native `cause` keeps the error underneath, and each subclass carries its context (operator, topic,
 * partition, offset, store, task). It belongs to the runtime alone; an application catches it beside
 * its own errors.
 *
 * @example
 * try {
 *   createTopologyTestDriver(builder.build());
 * } catch (error) {
 *   if (error instanceof StreamsError && error.code === 'STREAMS_TOPOLOGY_INVALID') console.error(error.message);
 *   else throw error;
 * }
 */
export class StreamsError extends Error {
  override readonly name: string = 'StreamsError';
  readonly code: StreamsErrorCode;
  readonly retriable: boolean;

  constructor(code: StreamsErrorCode, message: string, options: StreamsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retriable = options.retriable ?? false;
  }
}
