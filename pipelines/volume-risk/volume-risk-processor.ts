import type { VolumeState } from '../../src/serde/index.js';
import type { EntityLogic } from '../shared/entity-processor.js';
import { entityStore, stateForwards, type StateOutputs } from '../shared/state-outputs.js';
import { applyRiskInput, EMPTY_VOLUME_RISK, tickRisk, type VolumeRiskEntry, type VolumeRiskInput, type VolumeRiskSettings, type VolumeRiskStep } from './volume-risk-entry.js';

/** How often the offline grace is re-evaluated, in stream time. */
const TICK_MS = 1_000;

/** Per volume name: its state, its bricks' online and storage evidence, the published state with its risk. */
export const VOLUME_RISK_STORE = entityStore<VolumeRiskEntry>('volume-risk');

/**
 * Volume states, brick online facts and brick states, keyed by volume name → the published volume
 * state (with `risk`) and the VOLUME_DEGRADED / VOLUME_AT_RISK / VOLUME_UNAVAILABLE alerts.
 */
export function volumeRiskLogic(settings: VolumeRiskSettings): EntityLogic<VolumeRiskInput, VolumeRiskEntry, StateOutputs<VolumeState>> {
  const output = (step: VolumeRiskStep) => ({ state: step.entry, forward: stateForwards(step.states, step.alerts) });
  return {
    name: 'volume-risk',
    store: VOLUME_RISK_STORE.name,
    apply: (state, record, streamTime) => output(applyRiskInput(state ?? EMPTY_VOLUME_RISK, record.value, record.timestamp, streamTime, settings)),
    tick: {
      intervalMs: TICK_MS,
      run: (state, _key, time) => {
        const step = tickRisk(state, time, settings);
        return step === null ? { state: undefined, forward: [] } : output(step);
      },
    },
  };
}
