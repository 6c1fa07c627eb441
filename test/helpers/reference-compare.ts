import { isDeepStrictEqual } from 'node:util';
import { MODEL_UNDECIDED_ALERT_TYPES, STATE_ROLES, type ExpectedTopics, type StateRole } from '../../src/loadgen/index.js';

/** One record of a derived topic as a consumer decoded it (null value: tombstone), in partition order. */
export interface TopicRecord {
  readonly key: string;
  readonly value: Readonly<Record<string, unknown>> | null;
}

export type TopicRecords = Readonly<Record<StateRole | 'alerts', readonly TopicRecord[]>>;

/**
 * Where the derived topics differ from the reference model (empty: they agree).
 *
 * State topics: the last record of every key against the model's latest value (only the fields the
 * model decides, nested records included; see `ExpectedTopics`) or its tombstone; a key the model does not know is a
 * difference. Alerts: `history` compares every alert id's sequence of states exactly (right when
 * the input was processed in the model's order, as in the test driver); `final` compares which
 * alerts are open at the end and that no id repeats a state (a real processor may meet two nodes'
 * reports in another order than the model and skip a short-lived condition). Alerts of the types the
 * model does not decide (`MODEL_UNDECIDED_ALERT_TYPES`) are left out.
 */
export function compareWithModel(actual: TopicRecords, expected: ExpectedTopics, options: { alerts: 'history' | 'final' }): string[] {
  const found: string[] = [];
  for (const role of STATE_ROLES) {
    const last = new Map<string, TopicRecord['value']>();
    for (const record of actual[role]) last.set(record.key, record.value);
    const want = expected.state[role] as unknown as ReadonlyMap<string, Readonly<Record<string, unknown>>>;
    for (const [key, value] of want) {
      const got = last.get(key);
      if (got === undefined || got === null) found.push(`${role} ${key}: ${got === null ? 'tombstone' : 'no record'} instead of ${show(value)}`);
      else {
        const projected = Object.fromEntries(Object.keys(value).map((field) => [field, projectLike(plain(got[field]), value[field])]));
        const differing = Object.keys(value).filter((field) => !isDeepStrictEqual(projected[field], plain(value[field])));
        if (differing.length > 0) found.push(`${role} ${key}: ${differing.map((field) => `${field} ${show(projected[field])} instead of ${show(value[field])}`).join('; ')}`);
      }
    }
    for (const [key, value] of last) {
      if (want.has(key) || value === null) continue;
      found.push(`${role} ${key}: ${expected.tombstones[role].has(key) ? 'should be deleted (tombstone)' : 'not expected by the model'}: ${show(value)}`);
    }
  }
  const histories = new Map<string, string[]>();
  for (const record of actual.alerts) histories.set(record.key, [...(histories.get(record.key) ?? []), String(record.value?.['state'])]);
  for (const id of new Set([...histories.keys(), ...expected.alerts.keys()])) {
    if ((MODEL_UNDECIDED_ALERT_TYPES as ReadonlySet<string>).has(id.slice(0, id.indexOf('|')))) continue;
    const got = histories.get(id) ?? [];
    const want = expected.alerts.get(id) ?? [];
    if (options.alerts === 'history') {
      if (!isDeepStrictEqual(got, [...want])) found.push(`alerts ${id}: ${show(got)} instead of ${show(want)}`);
      continue;
    }
    if ((got.at(-1) === 'RAISED') !== (want.at(-1) === 'RAISED')) found.push(`alerts ${id}: ends ${got.at(-1) ?? 'unraised'} instead of ${want.at(-1) ?? 'unraised'}`);
    if (got.some((state, index) => state === got[index - 1])) found.push(`alerts ${id}: a state repeated in ${show(got)}`);
  }
  return found;
}

/** `got` reduced to the fields `want` has, in nested records and arrays of records too. */
function projectLike(got: unknown, want: unknown): unknown {
  if (Array.isArray(got) && Array.isArray(want)) return got.map((item, index) => projectLike(item, want[index]));
  if (isRecord(got) && isRecord(want)) return Object.fromEntries(Object.keys(want).map((field) => [field, projectLike(got[field], want[field])]));
  return got;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/** Avro longs may decode as bigint; the model speaks numbers. */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null && !Buffer.isBuffer(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plain(inner)]));
  return value;
}

const show = (value: unknown): string => JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? Number(inner) : inner));
