import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dedupe } from '../../../../src/streams/index.js';
import { bindForTest, marbles, rec } from '../helpers.js';

type Report = { volume: string; seq: number };
const report = (node: string, seq: number, timestamp: number) => rec(node, { volume: 'v1', seq }, timestamp);
const options = { store: 'dedup', idOf: (value: Report) => `${value.volume}:${value.seq}`, windowMs: 1000 };

test('dedupe emits the first of N redundant reports within the window and drops the rest', () => {
  marbles().run(({ cold, expectObservable }) => {
    const [a, b, c, d] = [report('n1', 1, 100), report('n2', 1, 150), report('n3', 1, 900), report('n1', 2, 950)];
    const { fn } = bindForTest(dedupe(options));
    expectObservable(cold('-a-b-c-d|', { a, b, c, d }).pipe(fn)).toBe('-a-----d|', { a, d });
  });
});

test('dedupe lets an id through again once its window has passed (event time, not wall clock)', () => {
  marbles().run(({ cold, expectObservable }) => {
    const [a, b] = [report('n1', 1, 100), report('n2', 1, 1100)];
    expectObservable(cold('-a-b|', { a, b }).pipe(bindForTest(dedupe(options)).fn)).toBe('-a-b|', { a, b });
  });
});

test('dedupe drops and reports records later than the grace', () => {
  const { fn, late } = bindForTest(dedupe({ ...options, graceMs: 50 }));
  const [a, b] = [report('n1', 1, 1000), report('n2', 2, 900)];
  marbles().run(({ cold, expectObservable }) => {
    expectObservable(cold('-a-b|', { a, b }).pipe(fn)).toBe('-a--|', { a });
  });
  assert.deepEqual(late, [b]);
});

test('dedupe passes through empty, never-completing and erroring sources', () => {
  marbles().run(({ cold, expectObservable }) => {
    const { fn } = bindForTest(dedupe(options));
    expectObservable(cold<never>('|').pipe(fn)).toBe('|');
    expectObservable(cold<never>('-').pipe(fn)).toBe('-');
    expectObservable(cold<never>('-#').pipe(fn)).toBe('-#');
  });
});

test('dedupe errors when idOf throws, and logs nothing for that record', () => {
  const failure = new Error('no id');
  const { fn, writes } = bindForTest(dedupe({ ...options, idOf: () => { throw failure; } }));
  marbles().run(({ cold, expectObservable }) => {
    expectObservable(cold('-a|', { a: report('n1', 1, 0) }).pipe(fn)).toBe('-#', {}, failure);
  });
  assert.equal(writes.length, 0);
});

test('dedupe stops on unsubscription', () => {
  marbles().run(({ cold, expectObservable, expectSubscriptions }) => {
    const [a, b] = [report('n1', 1, 0), report('n1', 2, 10)];
    const source = cold('-a-b-|', { a, b });
    expectObservable(source.pipe(bindForTest(dedupe(options)).fn), '^-!').toBe('-a', { a });
    expectSubscriptions(source.subscriptions).toBe('^-!');
  });
});
