import { test } from 'node:test';
import { filterRecords } from '../../../../src/streams/index.js';
import { bindForTest, marbles, rec } from '../helpers.js';

const a = rec('k1', 1, 10);
const b = rec('k2', 2, 20);

test('filterRecords keeps the records the predicate accepts, in order', () => {
  marbles().run(({ cold, expectObservable }) => {
    const { fn } = bindForTest(filterRecords((value: number) => value % 2 === 1));
    expectObservable(cold('-a-b-a-|', { a, b }).pipe(fn)).toBe('-a---a-|', { a });
  });
});

test('filterRecords passes through empty, never-completing and erroring sources', () => {
  marbles().run(({ cold, expectObservable }) => {
    const { fn } = bindForTest(filterRecords(() => true));
    expectObservable(cold<never>('|').pipe(fn)).toBe('|');
    expectObservable(cold<never>('-').pipe(fn)).toBe('-');
    expectObservable(cold<never>('-#').pipe(fn)).toBe('-#');
  });
});

test('filterRecords errors when the predicate throws', () => {
  marbles().run(({ cold, expectObservable }) => {
    const failure = new Error('predicate');
    const { fn } = bindForTest(filterRecords((value: number) => {
      if (value === 2) throw failure;
      return true;
    }));
    expectObservable(cold('-a-b-|', { a, b }).pipe(fn)).toBe('-a-#', { a }, failure);
  });
});

test('filterRecords stops on unsubscription', () => {
  marbles().run(({ cold, expectObservable, expectSubscriptions }) => {
    const source = cold('-a-a-a-|', { a });
    expectObservable(source.pipe(bindForTest(filterRecords(() => true)).fn), '^--!').toBe('-a-', { a });
    expectSubscriptions(source.subscriptions).toBe('^--!');
  });
});
