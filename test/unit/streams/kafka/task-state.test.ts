import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pino } from 'pino';
import { silentLogger } from '../../../../src/logging/index.js';
import { IllegalTaskTransitionError } from '../../../../src/streams/errors/index.js';
import { createTaskStateMachine, isValidTransition, TASK_STATES, type TaskState } from '../../../../src/streams/kafka/task-state.js';

/** The allowed transitions, written out here independently of the module's table. */
const ALLOWED = new Set(['CREATED>RESTORING', 'CREATED>SUSPENDED', 'RESTORING>RUNNING', 'RESTORING>SUSPENDED', 'RUNNING>SUSPENDED', 'SUSPENDED>CLOSED']);

/** The shortest legal walk from CREATED to `state`. */
const PATH_TO: Record<TaskState, TaskState[]> = {
  CREATED: [],
  RESTORING: ['RESTORING'],
  RUNNING: ['RESTORING', 'RUNNING'],
  SUSPENDED: ['SUSPENDED'],
  CLOSED: ['SUSPENDED', 'CLOSED'],
};

function machineIn(state: TaskState): ReturnType<typeof createTaskStateMachine> {
  const machine = createTaskStateMachine({ taskId: '1_3', logger: silentLogger });
  for (const step of PATH_TO[state]) machine.transitionTo(step);
  assert.equal(machine.state, state);
  return machine;
}

describe('the task state machine (Kafka Streams Task.State)', () => {
  test('the five states of Kafka Streams, a new task starting in CREATED', () => {
    assert.deepEqual([...TASK_STATES].sort(), ['CLOSED', 'CREATED', 'RESTORING', 'RUNNING', 'SUSPENDED']);
    assert.equal(createTaskStateMachine({ taskId: '0_0', logger: silentLogger }).state, 'CREATED');
  });

  for (const from of ['CREATED', 'RESTORING', 'RUNNING', 'SUSPENDED', 'CLOSED'] as const) {
    for (const to of ['CREATED', 'RESTORING', 'RUNNING', 'SUSPENDED', 'CLOSED'] as const) {
      const allowed = ALLOWED.has(`${from}>${to}`);
      test(`${from} → ${to} is ${allowed ? 'allowed' : 'illegal: it throws and the state stays'}`, () => {
        assert.equal(isValidTransition(from, to), allowed);
        const machine = machineIn(from);
        if (allowed) {
          machine.transitionTo(to);
          assert.equal(machine.state, to);
          return;
        }
        assert.throws(
          () => machine.transitionTo(to),
          (error: unknown) =>
            error instanceof IllegalTaskTransitionError &&
            error.code === 'STREAMS_TASK_TRANSITION_ILLEGAL' &&
            error.retriable === false &&
            error.taskId === '1_3' &&
            error.from === from &&
            error.to === to,
        );
        assert.equal(machine.state, from);
      });
    }
  }

  test('a task’s whole life, CREATED → RESTORING → RUNNING → SUSPENDED → CLOSED, each step logged at debug with the task id', () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'debug', base: null }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    const machine = createTaskStateMachine({ taskId: '2_7', logger });
    for (const next of ['RESTORING', 'RUNNING', 'SUSPENDED', 'CLOSED'] as const) machine.transitionTo(next);
    assert.equal(machine.state, 'CLOSED');
    assert.deepEqual(
      lines.map(({ level, task, from, to, msg }) => ({ level, task, from, to, msg })),
      [
        { level: 20, task: '2_7', from: 'CREATED', to: 'RESTORING', msg: 'task state transition' },
        { level: 20, task: '2_7', from: 'RESTORING', to: 'RUNNING', msg: 'task state transition' },
        { level: 20, task: '2_7', from: 'RUNNING', to: 'SUSPENDED', msg: 'task state transition' },
        { level: 20, task: '2_7', from: 'SUSPENDED', to: 'CLOSED', msg: 'task state transition' },
      ],
    );
    assert.throws(() => machine.transitionTo('CREATED'), IllegalTaskTransitionError, 'a closed task is not revived: it is created afresh');
  });
});
