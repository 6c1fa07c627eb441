import { StreamsError } from './streams-error.js';

/**
 * The task's transactional producer was fenced: another instance now owns the partition (it called
 * `initTransactions` with the same transactional id). The task closes without committing; not fatal.
 */
export class TaskFencedError extends StreamsError {
  override readonly name = 'TaskFencedError';
  readonly taskId: string;
  constructor(taskId: string, cause: unknown) {
    super('STREAMS_TASK_FENCED', `task ${taskId} was fenced by a newer owner of its partition`, { cause });
    this.taskId = taskId;
  }
}
