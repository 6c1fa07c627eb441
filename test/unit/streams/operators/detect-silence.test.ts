import { test } from 'node:test';
import { detectSilence, jsonSerde, StoreFullError, stringSerde, type StreamRecord } from '../../../../src/streams/index.js';
import { bindForTest, marbles, rec } from '../helpers.js';

const silence = () => detectSilence({ store: 'last-seen', keySerde: stringSerde, valueSerde: jsonSerde<number>(), timeoutMs: 100 });
const at = <V>(record: StreamRecord<string, unknown>, key: string, value: V) => ({ ...record, key, value });

test('detectSilence emits seen per record and silent once per key that stopped reporting (event time)', () => {
  const [a, b, a2, b2] = [rec('n1', 1, 0), rec('n2', 2, 50), rec('n2', 3, 120), rec('n1', 4, 230)];
  marbles().run(({ cold, expectObservable }) => {
    expectObservable(cold('-a-b-c----(d|)', { a, b, c: a2, d: b2 }).pipe(bindForTest(silence()).fn)).toBe('-w-x-(yz)-(uv|)', {
      w: at(a, 'n1', { kind: 'seen', value: 1, resumed: true }),
      x: at(b, 'n2', { kind: 'seen', value: 2, resumed: true }),
      y: at(a2, 'n1', { kind: 'silent', lastValue: 1, lastSeen: 0 }),
      z: at(a2, 'n2', { kind: 'seen', value: 3, resumed: false }),
      u: at(b2, 'n2', { kind: 'silent', lastValue: 3, lastSeen: 120 }),
      v: at(b2, 'n1', { kind: 'seen', value: 4, resumed: true }),
    });
  });
});

test('detectSilence passes through empty, never-completing and erroring sources', () => {
  marbles().run(({ cold, expectObservable }) => {
    const { fn } = bindForTest(silence());
    expectObservable(cold<never>('|').pipe(fn)).toBe('|');
    expectObservable(cold<never>('-').pipe(fn)).toBe('-');
    expectObservable(cold<never>('-#').pipe(fn)).toBe('-#');
  });
});

test('detectSilence errors when its store write fails (store full) and stops on unsubscription', () => {
  const full = detectSilence({ store: 's', keySerde: stringSerde, valueSerde: jsonSerde<number>(), timeoutMs: 100, maxEntries: 1 });
  marbles().run(({ cold, expectObservable, expectSubscriptions }) => {
    const [a, b] = [rec('n1', 1, 0), rec('n2', 2, 10)];
    expectObservable(cold('-a-b|', { a, b }).pipe(bindForTest(full).fn)).toBe('-w-#', { w: at(a, 'n1', { kind: 'seen', value: 1, resumed: true }) }, new StoreFullError('s', 1));
    const source = cold('-a-a|', { a });
    expectObservable(source.pipe(bindForTest(silence()).fn), '^-!').toBe('-w', { w: at(a, 'n1', { kind: 'seen', value: 1, resumed: true }) });
    expectSubscriptions(source.subscriptions).toBe('^-!');
  });
});
