import { GlusterEventingError } from '../../errors/index.js';

/** A child process exited while we waited for it to become ready; the message carries its log's tail. */
export class StackProcessCrashedError extends GlusterEventingError {
  override readonly name = 'StackProcessCrashedError';
  readonly processName: string;
  readonly logFile: string;
  readonly lastLines: readonly string[];

  constructor(processName: string, logFile: string, lastLines: readonly string[]) {
    const tail = lastLines.length === 0 ? '(log is empty)' : lastLines.join(' | ');
    super('STACK_PROCESS_CRASHED', `${processName} exited during start; log ${logFile}; last lines: ${tail}`);
    this.processName = processName;
    this.logFile = logFile;
    this.lastLines = lastLines;
  }
}
