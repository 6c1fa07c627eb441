import { isDeepStrictEqual } from 'node:util';
import { DERIVED_ROLES, type DerivedOutputs, type DerivedRecord, type DerivedRole } from './derived-outputs.js';

type Value = DerivedRecord['value'];

const show = (value: unknown): string => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

/** Each key's values in partition order (a key lives on one partition, so this is the order decided). */
export function valuesByKey(records: readonly DerivedRecord[]): Map<string, Value[]> {
  const byKey = new Map<string, Value[]>();
  for (const { key, value } of records) byKey.set(key, [...(byKey.get(key) ?? []), value]);
  return byKey;
}

/** The state a consumer rebuilds from a state topic: the latest value per key, deleted keys left out. */
export function latestState(records: readonly DerivedRecord[]): Map<string, NonNullable<Value>> {
  const state = new Map<string, NonNullable<Value>>();
  for (const { key, value } of records) {
    if (value === null) state.delete(key);
    else state.set(key, value);
  }
  return state;
}

/** Per alert id, the states in the order written (RAISED, RESOLVED, RAISED, ...). */
export function alertHistories(records: readonly DerivedRecord[]): Map<string, string[]> {
  const histories = new Map<string, string[]>();
  for (const { key, value } of records) histories.set(key, [...(histories.get(key) ?? []), String(value?.['state'] ?? 'null')]);
  return histories;
}

/**
 * What a replayed, duplicated output looks like: a key whose record repeats the previous one
 * exactly (the pipelines write a state only when it changes, an alert only on RAISED <-> RESOLVED).
 */
export function duplicates(outputs: DerivedOutputs): string[] {
  const found: string[] = [];
  for (const role of DERIVED_ROLES) {
    for (const [key, values] of valuesByKey(outputs[role])) {
      for (let index = 1; index < values.length; index += 1) {
        if (isDeepStrictEqual(values[index], values[index - 1])) found.push(`${role} ${key}: record ${index} repeats ${show(values[index])}`);
      }
    }
  }
  return found;
}

/**
 * Fields whose value depends on the order in which records of one entity from several source
 * partitions meet after repartitioning (which differs between two clean runs too), not on what was
 * reported: the time of a merged entity's last change, and which heartbeat a node's record last
 * carried (heartbeats alone rewrite it at most once a minute). Left out of the comparison between runs.
 */
export const ORDER_DEPENDENT_FIELDS: readonly string[] = ['lastChangedAt', 'lastHeartbeatAt'];

/**
 * Alert types decided by joining streams that reach one task through different repartition topics
 * (the volume risk: a volume's state, its bricks' `online`, its bricks' drives), in the order the
 * records arrive. How often such a condition was briefly raised depends on that interleaving, which
 * differs between two clean runs whose input is partitioned differently (seen: 30 raise/resolve
 * flips in one run, none in the other, for volumes stopped and started while their drives failed).
 * For them the comparison between runs is whether each alert is open at the end, and that no state
 * repeats (a duplicate); their semantics are checked by the volume-risk unit and property tests.
 */
export const ORDER_DEPENDENT_ALERT_TYPES: readonly string[] = ['VOLUME_DEGRADED', 'VOLUME_AT_RISK', 'VOLUME_UNAVAILABLE'];

const orderDependent = (alertId: string): boolean => ORDER_DEPENDENT_ALERT_TYPES.includes(alertId.slice(0, alertId.indexOf('|')));

const without = (value: Value, fields: readonly string[]): Value =>
  value === null ? null : Object.fromEntries(Object.entries(value).filter(([field]) => !fields.includes(field)));

/**
 * Where `actual` differs from `reference` (empty: the same). Always compared: the final state of every
 * state topic (without {@link ORDER_DEPENDENT_FIELDS}) and every alert's history of states (for
 * {@link ORDER_DEPENDENT_ALERT_TYPES}: open or not at the end, no repeated state).
 * `sequences` names the topics whose every record per key is compared too: those whose entities come
 * from one source partition (drives: one object of one node), where the processing order cannot
 * differ between runs. Volumes merge N nodes' reports, nodes merge several objects' records and bricks
 * join two sides, so their intermediate records (e.g. `reportingNodes` growing in another order) may
 * differ between two clean runs.
 */
export function differences(actual: DerivedOutputs, reference: DerivedOutputs, options: { sequences?: readonly DerivedRole[] } = {}): string[] {
  const found: string[] = [];
  for (const role of DERIVED_ROLES) {
    if (role === 'alerts') {
      const [got, want] = [alertHistories(actual.alerts), alertHistories(reference.alerts)];
      for (const key of new Set([...got.keys(), ...want.keys()])) {
        const [mine, theirs] = [got.get(key) ?? [], want.get(key) ?? []];
        if (orderDependent(key)) {
          if ((mine.at(-1) === 'RAISED') !== (theirs.at(-1) === 'RAISED')) found.push(`alerts ${key}: ends ${mine.at(-1) ?? 'unraised'} instead of ${theirs.at(-1) ?? 'unraised'}`);
          if (mine.some((state, index) => state === mine[index - 1])) found.push(`alerts ${key}: a state repeated in ${show(mine)}`);
        } else if (!isDeepStrictEqual(mine, theirs)) found.push(`alerts ${key}: ${show(mine)} instead of ${show(theirs)}`);
      }
    } else {
      const [got, want] = [latestState(actual[role]), latestState(reference[role])];
      for (const key of new Set([...got.keys(), ...want.keys()])) {
        const [a, b] = [without(got.get(key) ?? null, ORDER_DEPENDENT_FIELDS), without(want.get(key) ?? null, ORDER_DEPENDENT_FIELDS)];
        if (!isDeepStrictEqual(a, b)) found.push(`${role} ${key}: final differs in ${fieldsThatDiffer(a, b).join(',')}: ${show(a)} instead of ${show(b)}`);
      }
    }
    if (options.sequences?.includes(role) === true) {
      const [got, want] = [valuesByKey(actual[role]), valuesByKey(reference[role])];
      for (const key of new Set([...got.keys(), ...want.keys()])) {
        const [a, b] = [got.get(key) ?? [], want.get(key) ?? []];
        if (isDeepStrictEqual(a, b)) continue;
        const at = a.findIndex((value, index) => !isDeepStrictEqual(value, b[index]));
        found.push(`${role} ${key}: ${a.length} records instead of ${b.length}, first difference at ${at} in ${fieldsThatDiffer(a[at] ?? null, b[at] ?? null).join(',')}`);
      }
    }
  }
  return found;
}

function fieldsThatDiffer(a: Value, b: Value): string[] {
  if (a === null || b === null) return ['(tombstone)'];
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((field) => !isDeepStrictEqual(a[field], b[field]));
}

/** Record counts per topic, for a test's diagnostics. */
export function summary(outputs: DerivedOutputs): string {
  const raised = outputs.alerts.filter((record) => record.value?.['state'] === 'RAISED').length;
  return `${DERIVED_ROLES.map((role) => `${role} ${outputs[role].length}`).join(', ')} (${raised} RAISED)`;
}
