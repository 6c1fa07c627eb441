import { StreamsError } from './streams-error.js';

/**
 * An operator did not complete synchronously for one record. The runtime requires synchronous
 * operators: state lives in stores and a record must be fully processed before its offset commits.
 */
export class OperatorAsyncError extends StreamsError {
  override readonly name = 'OperatorAsyncError';
  readonly operator: string;
  constructor(operator: string) {
    super('STREAMS_OPERATOR_ASYNC', `operator ${operator} did not complete synchronously; use stores for state, not timers or promises`);
    this.operator = operator;
  }
}
