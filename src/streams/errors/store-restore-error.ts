import { StreamsError } from './streams-error.js';

/**
 * A task could not rebuild its stores from their changelog partitions: the end offsets were
 * unavailable, the restore ran past its deadline or was abandoned, or a changelog record could not
 * be applied (`cause`). `retriable` says whether the task's start-up may try again after a backoff.
 */
export class StoreRestoreError extends StreamsError {
  override readonly name = 'StoreRestoreError';
  /** The changelog topics being restored. */
  readonly topics: readonly string[];
  /** The task's partition of each of them. */
  readonly partition: number;
  constructor(message: string, context: { readonly topics: readonly string[]; readonly partition: number; readonly retriable?: boolean; readonly cause?: unknown }) {
    super('STREAMS_RESTORE_FAILED', message, { retriable: context.retriable ?? false, cause: context.cause });
    this.topics = context.topics;
    this.partition = context.partition;
  }
}
