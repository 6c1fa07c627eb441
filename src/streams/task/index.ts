export { DEAD_LETTER_HEADERS, deadLetterRecord, errorCode } from './dead-letter.js';
export { runOperator } from './run-operator.js';
export { createStreamTask, taskId } from './stream-task.js';
export type { OperatorErrorPolicy, StreamTask, StreamTaskOptions } from './stream-task.js';
