import { StreamsError } from './streams-error.js';
import type { TaskState } from '../kafka/index.js';

/**
 * A task was asked to move to a state its current state does not lead to (see `TASK_TRANSITIONS`),
 * e.g. a task still restoring asked to close without being suspended. A bug in the runtime, never
 * a Kafka condition: not retriable.
 */
export class IllegalTaskTransitionError extends StreamsError {
  override readonly name = 'IllegalTaskTransitionError';
  readonly taskId: string;
  readonly from: TaskState;
  readonly to: TaskState;
  constructor(taskId: string, from: TaskState, to: TaskState) {
    super('STREAMS_TASK_TRANSITION_ILLEGAL', `task ${taskId} cannot move from ${from} to ${to}`);
    this.taskId = taskId;
    this.from = from;
    this.to = to;
  }
}
