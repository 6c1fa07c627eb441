import type { Logger } from '../../logging/index.js';
import { IllegalTaskTransitionError } from '../errors/index.js';

/**
 * Where an active task is in its life (Kafka Streams' `Task.State`, same names, same meanings):
 *
 * - `CREATED`: its output exists (under exactly-once its transactional producer has fenced the
 *   partition's previous owner); nothing read yet.
 * - `RESTORING`: reading the group's committed offsets and rebuilding its stores from the changelogs.
 * - `RUNNING`: processing, punctuating and committing; the only state in which it does any of these,
 *   answers interactive queries, or counts as ready.
 * - `SUSPENDED`: closing: no more work is accepted, its commit timer is stopped, its output is being
 *   closed. Every open state passes through here on the way to `CLOSED`.
 * - `CLOSED`: its output is closed (its transactional id released); final.
 */
export type TaskState = 'CREATED' | 'RESTORING' | 'RUNNING' | 'SUSPENDED' | 'CLOSED';

/**
 * The transitions allowed from each state: CREATED → RESTORING → RUNNING → SUSPENDED → CLOSED, and
 * a task not yet running may be suspended (and so closed) too: a failed or abandoned start-up, a
 * partition revoked during restore.
 *
 * Kafka Streams also allows SUSPENDED → RESTORING (resuming a task that a rebalance gave back) and
 * CLOSED → CREATED (reviving a corrupted task). This runtime has neither on purpose: a task given
 * back, or one closed after a failure, is created afresh by the task manager, because under
 * exactly-once without KIP-447 only a new `initTransactions` fences a zombie, and its committed
 * offsets and stores must be read again after that fencing.
 */
export const TASK_TRANSITIONS: Readonly<Record<TaskState, readonly TaskState[]>> = Object.freeze({
  CREATED: Object.freeze(['RESTORING', 'SUSPENDED'] as const),
  RESTORING: Object.freeze(['RUNNING', 'SUSPENDED'] as const),
  RUNNING: Object.freeze(['SUSPENDED'] as const),
  SUSPENDED: Object.freeze(['CLOSED'] as const),
  CLOSED: Object.freeze([] as const),
});

export const TASK_STATES: readonly TaskState[] = Object.freeze(Object.keys(TASK_TRANSITIONS) as TaskState[]);

export function isValidTransition(from: TaskState, to: TaskState): boolean {
  return TASK_TRANSITIONS[from].includes(to);
}

/**
 * The state of one task. Every change goes through `transitionTo`, which checks it against
 * {@link TASK_TRANSITIONS} and logs it at debug with the task id.
 *
 * @example
 * const lifecycle = createTaskStateMachine({ taskId: '1_0', logger });
 * lifecycle.transitionTo('RESTORING');
 * lifecycle.transitionTo('CLOSED'); // throws IllegalTaskTransitionError: RESTORING → CLOSED
 */
export interface TaskStateMachine {
  readonly state: TaskState;
  /** Moves to `next`; an illegal transition throws {@link IllegalTaskTransitionError} and changes nothing. */
  transitionTo(next: TaskState): void;
}

export function createTaskStateMachine(options: { readonly taskId: string; readonly logger: Logger }): TaskStateMachine {
  const { taskId, logger } = options;
  let state: TaskState = 'CREATED';
  return {
    get state() {
      return state;
    },
    transitionTo(next) {
      if (!isValidTransition(state, next)) throw new IllegalTaskTransitionError(taskId, state, next);
      logger.debug({ task: taskId, from: state, to: next }, 'task state transition');
      state = next;
    },
  };
}
