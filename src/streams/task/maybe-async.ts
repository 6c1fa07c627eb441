/**
 * Values that are usually ready and only sometimes promised (a JSON serde answers at once, an Avro
 * serde waiting for the registry does not). The task stays synchronous until something really is a
 * promise: an `await` per serde call and per record cost the stateful bench a microtask, a promise
 * and its garbage each, for values that were already there.
 *
 * Work is always started in order, one item after the other, so a synchronous throw can never leave
 * an earlier promise rejected with nobody listening.
 */
export type MaybePromise<T> = T | Promise<T>;

export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** `next(value)`, now when `value` is ready, else once it resolves. */
export function andThen<T, R>(value: MaybePromise<T>, next: (value: T) => MaybePromise<R>): MaybePromise<R> {
  return isPromiseLike(value) ? Promise.resolve(value).then(next) : next(value);
}

/** `fn` over `items` in order; synchronous for as long as every result is. */
export function mapInOrder<T, R>(items: readonly T[], fn: (item: T) => MaybePromise<R>): MaybePromise<R[]> {
  const results: R[] = [];
  for (let index = 0; index < items.length; index += 1) {
    const result = fn(items[index] as T);
    if (isPromiseLike(result)) return finishInOrder(items, fn, results, Promise.resolve(result), index + 1);
    results.push(result);
  }
  return results;
}

// Module level, not nested: a nested function is a new closure (and, under tsx, a `__name` call) per call.
async function finishInOrder<T, R>(items: readonly T[], fn: (item: T) => MaybePromise<R>, results: R[], pending: Promise<R>, from: number): Promise<R[]> {
  results.push(await pending);
  for (let index = from; index < items.length; index += 1) results.push(await fn(items[index] as T));
  return results;
}

/** Calls `handle` for a synchronous throw or a rejection alike. */
export function catching<T>(work: () => MaybePromise<T>, handle: (error: unknown) => MaybePromise<T>): MaybePromise<T> {
  let result: MaybePromise<T>;
  try {
    result = work();
  } catch (error) {
    return handle(error);
  }
  return isPromiseLike(result) ? Promise.resolve(result).catch(handle) : result;
}
