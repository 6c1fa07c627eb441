import type { VolumeState } from '../../src/serde/index.js';
import type { EntityLogic } from '../shared/entity-processor.js';
import { entityStore, stateForwards, type StateOutputs } from '../shared/state-outputs.js';
import { applyRiskInput, EMPTY_VOLUME_RISK, type VolumeRiskEntry, type VolumeRiskInput } from './volume-risk-entry.js';

/** Per volume name: its state, its bricks' online and storage evidence, the published state with its risk. */
export const VOLUME_RISK_STORE = entityStore<VolumeRiskEntry>('volume-risk');

/**
 * Volume states, brick online facts and brick states, keyed by volume name → the published volume
 * state (with `risk`) and the VOLUME_DEGRADED / VOLUME_AT_RISK / VOLUME_UNAVAILABLE alerts.
 */
export function volumeRiskLogic(): EntityLogic<VolumeRiskInput, VolumeRiskEntry, StateOutputs<VolumeState>> {
  return {
    name: 'volume-risk',
    store: VOLUME_RISK_STORE.name,
    apply: (state, record) => {
      const step = applyRiskInput(state ?? EMPTY_VOLUME_RISK, record.value, record.timestamp);
      return { state: step.entry, forward: stateForwards(step.states, step.alerts) };
    },
  };
}
