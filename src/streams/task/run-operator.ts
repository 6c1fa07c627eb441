import { of, type OperatorFunction } from 'rxjs';
import { OperatorAsyncError } from '../errors/index.js';

/**
 * Runs one record through a bound operator and returns what it emitted. Synchronous by contract:
 * an operator that errors throws here (so the task applies its policy), one that has not completed
 * when `subscribe` returns is rejected with {@link OperatorAsyncError}.
 */
export function runOperator<In, Out>(name: string, operator: OperatorFunction<In, Out>, record: In): Out[] {
  const emitted: Out[] = [];
  let failed = false;
  let failure: unknown;
  let completed = false;
  const subscription = of(record)
    .pipe(operator)
    .subscribe({
      next: (value) => emitted.push(value),
      error: (error: unknown) => {
        failed = true;
        failure = error;
      },
      complete: () => {
        completed = true;
      },
    });
  if (failed) throw failure;
  if (!completed) {
    subscription.unsubscribe();
    throw new OperatorAsyncError(name);
  }
  return emitted;
}
