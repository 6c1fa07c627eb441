import { test } from 'node:test';
import { jsonSerde, joinTable, stringSerde, type StoreSpec } from '../../../../src/streams/index.js';
import { bindForTest, marbles, rec } from '../helpers.js';

type Smart = { ok: boolean };
const drives: StoreSpec<string, Smart> = { name: 'drives', kind: 'key-value', keySerde: stringSerde, valueSerde: jsonSerde<Smart>(), maxEntries: 10 };
const withDrives = <T>(op: T) => op;

test('joinTable joins each stream record with the current table value of its key; inner join drops misses', () => {
  const join = joinTable({ store: drives }, (brick: string, smart: Smart | null) => `${brick}:${String(smart?.ok)}`);
  const { fn, stores } = bindForTest(withDrives(join), [drives]);
  stores.keyValue(drives).put('sda', { ok: true }, 0);
  const [a, b] = [rec('sda', 'b1'), rec('sdb', 'b2')];
  marbles().run(({ cold, expectObservable }) => {
    expectObservable(cold('-a-b|', { a, b }).pipe(fn)).toBe('-x--|', { x: { ...a, value: 'b1:true' } });
  });
});

test('joinTable with left: true calls the joiner with null for a missing table value', () => {
  const join = joinTable({ store: drives }, (brick: string, smart: Smart | null) => `${brick}:${String(smart?.ok)}`, { left: true });
  const { fn } = bindForTest(join, [drives]);
  const b = rec('sdb', 'b2');
  marbles().run(({ cold, expectObservable }) => {
    expectObservable(cold('-b|', { b }).pipe(fn)).toBe('-y|', { y: { ...b, value: 'b2:undefined' } });
  });
});

test('joinTable passes through empty, never and error; errors when the joiner throws; stops on unsubscription', () => {
  const failure = new Error('joiner');
  const ok = bindForTest(joinTable({ store: drives }, (brick: string) => brick, { left: true }), [drives]).fn;
  const throwing = bindForTest(joinTable({ store: drives }, (): string => { throw failure; }, { left: true }), [drives]).fn;
  marbles().run(({ cold, expectObservable, expectSubscriptions }) => {
    const a = rec('sda', 'b1');
    expectObservable(cold<never>('|').pipe(ok)).toBe('|');
    expectObservable(cold<never>('-').pipe(ok)).toBe('-');
    expectObservable(cold<never>('-#').pipe(ok)).toBe('-#');
    expectObservable(cold('-a|', { a }).pipe(throwing)).toBe('-#', {}, failure);
    const source = cold('-a-a|', { a });
    expectObservable(source.pipe(ok), '^-!').toBe('-a', { a });
    expectSubscriptions(source.subscriptions).toBe('^-!');
  });
});
