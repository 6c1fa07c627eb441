import { test } from 'node:test';
import { mapRecord, selectKey } from '../../../../src/streams/index.js';
import { bindForTest, marbles, rec } from '../helpers.js';

const brick = rec('brick-1', { drive: 'sda' }, 10);

test('selectKey re-keys by the value, value unchanged', () => {
  marbles().run(({ cold, expectObservable }) => {
    const { fn } = bindForTest(selectKey((value: { drive: string }) => value.drive));
    expectObservable(cold('-a|', { a: brick }).pipe(fn)).toBe('-x|', { x: { ...brick, key: 'sda' } });
  });
});

test('mapRecord replaces key and value; empty, never, error and throw behave like map', () => {
  marbles().run(({ cold, expectObservable }) => {
    const { fn } = bindForTest(mapRecord((record: typeof brick) => ({ key: record.value.drive, value: record.key })));
    expectObservable(cold('-a|', { a: brick }).pipe(fn)).toBe('-x|', { x: { ...brick, key: 'sda', value: 'brick-1' } });
    expectObservable(cold<never>('|').pipe(fn)).toBe('|');
    expectObservable(cold<never>('-').pipe(fn)).toBe('-');
    expectObservable(cold<never>('-#').pipe(fn)).toBe('-#');
    const failure = new Error('no drive');
    const throwing = bindForTest(selectKey((): string => {
      throw failure;
    })).fn;
    expectObservable(cold('-a|', { a: brick }).pipe(throwing)).toBe('-#', {}, failure);
  });
});

test('selectKey stops on unsubscription', () => {
  marbles().run(({ cold, expectObservable, expectSubscriptions }) => {
    const source = cold('-a-a-|', { a: brick });
    const { fn } = bindForTest(selectKey((value: { drive: string }) => value.drive));
    expectObservable(source.pipe(fn), '^-!').toBe('-x', { x: { ...brick, key: 'sda' } });
    expectSubscriptions(source.subscriptions).toBe('^-!');
  });
});
