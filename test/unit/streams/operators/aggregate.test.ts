import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregate, jsonSerde, stringSerde } from '../../../../src/streams/index.js';
import { bindForTest, marbles, rec } from '../helpers.js';

const count = aggregate<string, number, number>({
  store: 'counts',
  keySerde: stringSerde,
  valueSerde: jsonSerde<number>(),
  initializer: () => 0,
  aggregator: (_key, value, total) => (value < 0 ? null : total + value),
});

test('aggregate emits the updated aggregate per key and keeps it in the store', () => {
  const { fn, stores, writes } = bindForTest(count);
  const [a, b, c] = [rec('x', 1), rec('y', 5), rec('x', 2)];
  marbles().run(({ cold, expectObservable }) => {
    expectObservable(cold('-a-b-c|', { a, b, c }).pipe(fn)).toBe('-p-q-r|', { p: { ...a, value: 1 }, q: { ...b, value: 5 }, r: { ...c, value: 3 } });
  });
  assert.equal(stores.keyValue(count.stores[0] as never).get('x' as never), 3);
  assert.equal(writes.length, 3);
});

test('aggregate deletes the key and emits a tombstone when the aggregator returns null', () => {
  const { fn, stores } = bindForTest(count);
  const [a, d] = [rec('x', 1), rec('x', -1)];
  marbles().run(({ cold, expectObservable }) => {
    expectObservable(cold('-a-d|', { a, d }).pipe(fn)).toBe('-p-t|', { p: { ...a, value: 1 }, t: { ...d, value: null } });
  });
  assert.equal(stores.size('counts'), 0);
});

test('aggregate passes through empty, never-completing and erroring sources', () => {
  marbles().run(({ cold, expectObservable }) => {
    const { fn } = bindForTest(count);
    expectObservable(cold<never>('|').pipe(fn)).toBe('|');
    expectObservable(cold<never>('-').pipe(fn)).toBe('-');
    expectObservable(cold<never>('-#').pipe(fn)).toBe('-#');
  });
});

test('aggregate errors when the aggregator throws, without writing the store', () => {
  const failure = new Error('bad');
  const throwing = aggregate<string, number, number>({ store: 'c', keySerde: stringSerde, valueSerde: jsonSerde<number>(), initializer: () => 0, aggregator: () => { throw failure; } });
  const { fn, stores } = bindForTest(throwing);
  marbles().run(({ cold, expectObservable }) => {
    expectObservable(cold('-a|', { a: rec('x', 1) }).pipe(fn)).toBe('-#', {}, failure);
  });
  assert.equal(stores.size('c'), 0);
});

test('aggregate stops on unsubscription', () => {
  marbles().run(({ cold, expectObservable, expectSubscriptions }) => {
    const a = rec('x', 1);
    const source = cold('-a-a-|', { a });
    expectObservable(source.pipe(bindForTest(count).fn), '^-!').toBe('-p', { p: { ...a, value: 1 } });
    expectSubscriptions(source.subscriptions).toBe('^-!');
  });
});
