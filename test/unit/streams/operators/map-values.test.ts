import { test } from 'node:test';
import { mapValues } from '../../../../src/streams/index.js';
import { bindForTest, marbles, rec } from '../helpers.js';

const a = rec('k1', 1, 10);
const b = rec('k2', 2, 20);

test('mapValues replaces each value and keeps key, coordinates and event time', () => {
  marbles().run(({ cold, expectObservable }) => {
    const { fn } = bindForTest(mapValues((value: number) => value * 10));
    expectObservable(cold('-a-b-|', { a, b }).pipe(fn)).toBe('-x-y-|', { x: { ...a, value: 10 }, y: { ...b, value: 20 } });
  });
});

test('mapValues passes through empty, never-completing and erroring sources', () => {
  marbles().run(({ cold, expectObservable }) => {
    const { fn } = bindForTest(mapValues((value: number) => value));
    expectObservable(cold<never>('|').pipe(fn)).toBe('|');
    expectObservable(cold<never>('-').pipe(fn)).toBe('-');
    expectObservable(cold<never>('-#', {}, new Error('boom')).pipe(fn)).toBe('-#', {}, new Error('boom'));
  });
});

test('mapValues errors when the projection throws', () => {
  marbles().run(({ cold, expectObservable }) => {
    const failure = new Error('bad value');
    const { fn } = bindForTest(mapValues((value: number) => {
      if (value === 2) throw failure;
      return value;
    }));
    expectObservable(cold('-a-b-a|', { a, b }).pipe(fn)).toBe('-a-#', { a }, failure);
  });
});

test('mapValues stops emitting on unsubscription', () => {
  marbles().run(({ cold, expectObservable, expectSubscriptions }) => {
    const source = cold('-a-b-a-|', { a, b });
    const { fn } = bindForTest(mapValues((value: number) => value));
    expectObservable(source.pipe(fn), '^--!').toBe('-a-', { a });
    expectSubscriptions(source.subscriptions).toBe('^--!');
  });
});
