import type { RawPropertyChange } from '../../src/serde/index.js';
import type { EntityLogic } from '../shared/entity-processor.js';
import { entityStore, stateForwards, type StateOutputs } from '../shared/state-outputs.js';
import { applyVolumeRecord, emptyVolumeAggregate, tickVolume, type VolumeAggregate, type VolumeSettings, type VolumeStep } from './volume-aggregate.js';
import type { VolumeState } from './volume-state.js';

export const VOLUME_STORE = entityStore<VolumeAggregate>('volume-aggregates');

/** How often the disagreement grace is re-evaluated, in stream time. */
const TICK_MS = 1_000;

/** Raw Volume records keyed by object path (the same on every node) → volume state and volume alerts. */
export function volumeLogic(settings: VolumeSettings): EntityLogic<RawPropertyChange, VolumeAggregate, StateOutputs<VolumeState>> {
  const step = (volume: VolumeStep) => ({ state: volume.aggregate, forward: stateForwards(volume.stateRecords, volume.alerts) });
  return {
    name: 'volume-state',
    store: VOLUME_STORE.name,
    apply: (state, record, streamTime) => step(applyVolumeRecord(state ?? emptyVolumeAggregate(record.value.objectPath), record.value, streamTime, settings)),
    tick: { intervalMs: TICK_MS, run: (state, _key, time) => step(tickVolume(state, time, settings)) },
  };
}
