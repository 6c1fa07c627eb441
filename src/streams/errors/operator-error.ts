import { StreamsError } from './streams-error.js';

/**
 * A pipeline operator (or a sink's serializer) threw for one record. The task's `onOperatorError`
 * policy decides: `dead-letter` writes the input record's bytes to the dead-letter topic and goes on,
 * `stop` stops the runtime with this error. Never dropped silently.
 */
export class OperatorError extends StreamsError {
  override readonly name = 'OperatorError';
  readonly operator: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;

  constructor(context: { operator: string; topic: string; partition: number; offset: string }, cause: unknown) {
    super('OPERATOR_FAILED', `operator ${context.operator} failed on ${context.topic}[${context.partition}]@${context.offset}: ${String(cause instanceof Error ? cause.message : cause)}`, { cause });
    this.operator = context.operator;
    this.topic = context.topic;
    this.partition = context.partition;
    this.offset = context.offset;
  }
}
