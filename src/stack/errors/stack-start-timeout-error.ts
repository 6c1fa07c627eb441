import { GlusterEventingError } from '../../errors/index.js';

/** A process is alive but did not become ready before the deadline. */
export class StackStartTimeoutError extends GlusterEventingError {
  override readonly name = 'StackStartTimeoutError';
  readonly processName: string;
  readonly timeoutMs: number;

  constructor(processName: string, timeoutMs: number, logFile: string, cause?: unknown) {
    super('STACK_START_TIMEOUT', `${processName} not ready after ${Math.round(timeoutMs / 1000)} s; see ${logFile}`, {
      retriable: true,
      cause,
    });
    this.processName = processName;
    this.timeoutMs = timeoutMs;
  }
}
