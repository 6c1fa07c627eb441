import { isDeepStrictEqual } from 'node:util';
import { DERIVED_ROLES, type DerivedOutputs, type DerivedRecord } from './derived-outputs.js';

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
 * Where `actual` differs from `reference` (empty: the same). Always compared: the final state of every
 * state topic and every alert's history of states. `sequences: true` also compares each key's whole
 * sequence of records, which holds between runs only where the processing order across source
 * partitions cannot change what is written.
 */
export function differences(actual: DerivedOutputs, reference: DerivedOutputs, options: { sequences?: boolean } = {}): string[] {
  const found: string[] = [];
  for (const role of DERIVED_ROLES) {
    if (role === 'alerts') {
      const [got, want] = [alertHistories(actual.alerts), alertHistories(reference.alerts)];
      for (const key of new Set([...got.keys(), ...want.keys()])) {
        if (!isDeepStrictEqual(got.get(key), want.get(key))) found.push(`alerts ${key}: ${show(got.get(key) ?? [])} instead of ${show(want.get(key) ?? [])}`);
      }
    } else {
      const [got, want] = [latestState(actual[role]), latestState(reference[role])];
      for (const key of new Set([...got.keys(), ...want.keys()])) {
        if (!isDeepStrictEqual(got.get(key), want.get(key))) found.push(`${role} ${key}: final ${show(got.get(key) ?? null)} instead of ${show(want.get(key) ?? null)}`);
      }
    }
    if (options.sequences === true) {
      const [got, want] = [valuesByKey(actual[role]), valuesByKey(reference[role])];
      for (const key of new Set([...got.keys(), ...want.keys()])) {
        const [a, b] = [got.get(key) ?? [], want.get(key) ?? []];
        if (!isDeepStrictEqual(a, b)) found.push(`${role} ${key}: ${a.length} records instead of ${b.length}, first difference at ${a.findIndex((value, index) => !isDeepStrictEqual(value, b[index]))}`);
      }
    }
  }
  return found;
}

/** Record counts per topic, for a test's diagnostics. */
export function summary(outputs: DerivedOutputs): string {
  const raised = outputs.alerts.filter((record) => record.value?.['state'] === 'RAISED').length;
  return `${DERIVED_ROLES.map((role) => `${role} ${outputs[role].length}`).join(', ')} (${raised} RAISED)`;
}
