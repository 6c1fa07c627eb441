import { keyValueStore, stringSerde, type Output, type StoreSpec } from '../../src/streams/index.js';
import type { Alert } from '../../src/serde/index.js';
import { taggedJsonSerde } from '../internal-serde.js';
import type { Forward } from './entity-processor.js';

/** The outputs of a pipeline that publishes one kind of state: its table updates (null = tombstone) and its alerts. */
export type StateOutputs<S> = { readonly states: Output<string, S | null>; readonly alerts: Output<string, Alert> };

export const STATE_OUTPUTS = ['states', 'alerts'] as const;

/** Table updates and alerts as forwards: alerts keyed by their id (one alert per condition). */
export function stateForwards<S>(states: readonly { readonly key: string; readonly value: S | null }[], alerts: readonly Alert[]): Forward<StateOutputs<S>>[] {
  return [
    ...states.map((state) => ({ to: 'states' as const, key: state.key, value: state.value })),
    ...alerts.map((alert) => ({ to: 'alerts' as const, key: alert.alertId, value: alert })),
  ];
}

/** A pipeline's per-entity store: string keys, internal tagged JSON values (see `internal-serde.ts`). */
export function entityStore<S>(name: string, maxEntries = 1_000_000): StoreSpec<string, S> {
  return keyValueStore<string, S>(name, { keySerde: stringSerde, valueSerde: taggedJsonSerde<S>(), maxEntries });
}
