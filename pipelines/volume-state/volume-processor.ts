import type { RawPropertyChange, VolumeState } from '../../src/serde/index.js';
import type { EntityLogic } from '../shared/entity-processor.js';
import { entityStore, stateForwards, type StateOutputs } from '../shared/state-outputs.js';
import { applyVolumeRecord, emptyVolumeAggregate, tickVolume, type VolumeAggregate, type VolumeSettings, type VolumeStep } from './volume-aggregate.js';

/**
 * Keyed by volume object path, in tasks of the volume-name partitioning of `volume-reports` (the
 * store was `volume-aggregates` while that topic was partitioned by path: a new name, so that no
 * instance reads an aggregate from the task that no longer owns its volume).
 */
export const VOLUME_STORE = entityStore<VolumeAggregate>('volume-aggregates-by-name');

/** How often the disagreement grace is re-evaluated, in stream time. */
const TICK_MS = 1_000;

/** Raw Volume records keyed by volume name (one aggregate per object path, the same on every node) → volume state and volume alerts. */
export function volumeLogic(settings: VolumeSettings): EntityLogic<RawPropertyChange, VolumeAggregate, StateOutputs<VolumeState>> {
  const step = (volume: VolumeStep) => ({ state: volume.aggregate, forward: stateForwards(volume.stateRecords, volume.alerts) });
  return {
    name: 'volume-state',
    store: VOLUME_STORE.name,
    keyOf: (record) => record.value.objectPath,
    apply: (state, record, streamTime) => step(applyVolumeRecord(state ?? emptyVolumeAggregate(record.value.objectPath), record.value, streamTime, settings)),
    tick: { intervalMs: TICK_MS, run: (state, _key, time) => step(tickVolume(state, time, settings)) },
  };
}
