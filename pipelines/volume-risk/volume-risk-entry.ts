import type { Alert, BrickState, VolumeState } from '../../src/serde/index.js';
import { sameValue } from '../../src/streams/index.js';
import { reconcileAlerts } from '../domain/index.js';
import type { BrickOnlineFact } from '../gluster-events/index.js';
import { brickStorageOf, offlineFor, type BrickObservation } from './brick-observation.js';
import { riskCondition, volumeRiskOf } from './volume-risk.js';

/** What the volume-risk processor reads, all keyed by volume name. */
export type VolumeRiskInput =
  /** The volume pipeline's state (risk null), or its tombstone. */
  | { readonly type: 'volume'; readonly volume: string; readonly state: VolumeState | null }
  /** A brick's `online`, merged over every node's report (null: the brick object is gone). */
  | { readonly type: 'online'; readonly fact: BrickOnlineFact }
  /** A brick's published state: the drives beneath it. */
  | { readonly type: 'storage'; readonly brick: BrickState };

/** One volume's entry: its latest state, what is known of its bricks, and what was published. */
export interface VolumeRiskEntry {
  readonly volume: VolumeState | null;
  /** Event time of the input that last made the volume STARTED (0: not seen). */
  readonly startedAt?: number;
  readonly bricks: Readonly<Record<string, BrickObservation>>;
  readonly published: VolumeState | null;
  readonly openAlerts: Readonly<Record<string, Alert>>;
}

export interface VolumeRiskStep {
  readonly entry: VolumeRiskEntry | null;
  readonly states: readonly { readonly key: string; readonly value: VolumeState | null }[];
  readonly alerts: readonly Alert[];
}

export const EMPTY_VOLUME_RISK: VolumeRiskEntry = { volume: null, bricks: {}, published: null, openAlerts: {} };

/** The risk's tunable: how long a brick must read offline in a started volume to count as DOWN. */
export interface VolumeRiskSettings {
  readonly offlineGraceMs: number;
}

/**
 * Folds one input into a volume's entry and publishes the volume state with its risk when either
 * changed (`at`: the input's event time, the state's lastChangedAt when only the risk moved). The
 * alert follows the published risk: one per volume and level, raised and resolved here.
 */
export function applyRiskInput(entry: VolumeRiskEntry, input: VolumeRiskInput, at: number, streamTime: number, settings: VolumeRiskSettings): VolumeRiskStep {
  const change = changeOf(entry, input);
  const startedNow = change.volume?.status === 'STARTED' && entry.volume?.status !== 'STARTED';
  return settle({ ...entry, ...change, ...(startedNow ? { startedAt: at } : {}) }, entry, at, Math.max(streamTime, at), settings);
}

/** Re-evaluates the offline grace as stream time passes (the punctuator): a brick offline long enough turns DOWN. */
export function tickRisk(entry: VolumeRiskEntry, streamTime: number, settings: VolumeRiskSettings): VolumeRiskStep | null {
  // Only an offline brick's grace moves with time: a volume without one has nothing to re-evaluate.
  if (!Object.values(entry.bricks).some((brick) => brick.online?.value === false)) return null;
  return settle(entry, entry, streamTime, streamTime, settings);
}

function settle(next: VolumeRiskEntry, entry: VolumeRiskEntry, at: number, time: number, settings: VolumeRiskSettings): VolumeRiskStep {
  if (next.volume === null) {
    const alerts = reconcileAlerts(next.openAlerts, [], at);
    const states = entry.published === null ? [] : [{ key: entry.published.name, value: null }];
    const empty = Object.keys(next.bricks).length === 0;
    return { entry: empty ? null : { ...next, published: null, openAlerts: {} }, states, alerts: alerts.emit };
  }
  const risk = volumeRiskOf(next.volume, next.bricks, (brick) => offlineFor(next.bricks[brick] ?? {}, next.startedAt ?? 0, time, settings.offlineGraceMs));
  const candidate: VolumeState = { ...next.volume, risk };
  const changed = entry.published === null || !sameValue({ ...entry.published, lastChangedAt: 0 }, { ...candidate, lastChangedAt: 0 });
  const published = changed ? { ...candidate, lastChangedAt: Math.max(candidate.lastChangedAt, at) } : entry.published;
  const alerts = reconcileAlerts(next.openAlerts, riskCondition(published.name, published.risk), at);
  return { entry: { ...next, published, openAlerts: alerts.open }, states: changed ? [{ key: published.name, value: published }] : [], alerts: alerts.emit };
}

function changeOf(entry: VolumeRiskEntry, input: VolumeRiskInput): Partial<VolumeRiskEntry> {
  switch (input.type) {
    case 'volume':
      return { volume: input.state };
    case 'online': {
      const { [input.fact.brick]: known, ...others } = entry.bricks;
      if (known?.online !== undefined && input.fact.at < known.online.at) return {};
      if (input.fact.online === null) return { bricks: others };
      return { bricks: { ...others, [input.fact.brick]: { ...known, online: { value: input.fact.online, at: input.fact.at } } } };
    }
    case 'storage': {
      const known = entry.bricks[input.brick.name];
      return { bricks: { ...entry.bricks, [input.brick.name]: { ...known, storage: brickStorageOf(input.brick) } } };
    }
  }
}
