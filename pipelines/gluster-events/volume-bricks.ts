import type { RawPropertyChange, VolumeStatus } from '../../src/serde/index.js';
import { readNumber, volumeStatusOf } from '../domain/index.js';
import type { BrickOnlineFact } from './brick-online.js';
import type { EventSettings } from './event-settings.js';
import type { EventSignal } from './event-signal.js';

/**
 * A brick whose exporter object says `online=false` is down only while its volume is STARTED (the
 * exporter reports every brick of a created or stopped volume offline). This joins, per volume name,
 * the volume's status (newest report of any node) with its bricks' online facts, and emits a
 * BRICK_DOWN raise once a brick has been offline in a started volume for `brickOfflineGraceMs`, and a
 * clear when it is online again, its volume stops, or it is removed. The signals carry reporter
 * `gluster-dbus` and meet the event-based ones in the event pipeline (same alert id, one alert).
 */
export type VolumeBricksInput =
  | { readonly type: 'volume'; readonly volume: string; readonly status: VolumeStatus | 'DELETED'; readonly at: number }
  | { readonly type: 'brick'; readonly fact: BrickOnlineFact };

export interface VolumeBricksState {
  readonly volume: string;
  readonly status: { readonly value: VolumeStatus | 'DELETED'; readonly at: number } | null;
  readonly bricks: Readonly<Record<string, { readonly online: boolean; readonly at: number }>>;
  /** Per brick: event time since when it is offline in a started volume. */
  readonly downSince: Readonly<Record<string, number>>;
  /** Bricks whose raise was emitted. */
  readonly signalled: Readonly<Record<string, number>>;
}

export function emptyVolumeBricks(volume: string): VolumeBricksState {
  return { volume, status: null, bricks: {}, downSince: {}, signalled: {} };
}

/** A Volume record → its status input (none for a record without `status`). */
export function volumeStatusInput(record: RawPropertyChange, volume: string): VolumeBricksInput | null {
  if (record.kind === 'REMOVED') return { type: 'volume', volume, status: 'DELETED', at: record.observedAt };
  const code = readNumber(record.properties, 'status');
  return code === undefined ? null : { type: 'volume', volume, status: volumeStatusOf(code), at: record.observedAt };
}

export function applyVolumeBricksInput(state: VolumeBricksState, input: VolumeBricksInput, streamTime: number, settings: EventSettings): { state: VolumeBricksState | null; signals: EventSignal[] } {
  let next = state;
  if (input.type === 'volume' && (state.status === null || input.at >= state.status.at)) next = { ...state, status: { value: input.status, at: input.at } };
  if (input.type === 'brick') {
    const { [input.fact.brick]: known, ...others } = state.bricks;
    if (known === undefined || input.fact.at >= known.at) next = { ...state, bricks: input.fact.online === null ? others : { ...others, [input.fact.brick]: { online: input.fact.online, at: input.fact.at } } };
  }
  return evaluateVolumeBricks(next, Math.max(streamTime, input.type === 'volume' ? input.at : input.fact.at), settings);
}

/** Re-evaluates the grace periods at `time` (also the punctuator); state null once a deleted volume has nothing left. */
export function evaluateVolumeBricks(state: VolumeBricksState, time: number, settings: EventSettings): { state: VolumeBricksState | null; signals: EventSignal[] } {
  const started = state.status?.value === 'STARTED';
  const downSince: Record<string, number> = {};
  const signalled: Record<string, number> = {};
  const signals: EventSignal[] = [];
  const signal = (brick: string, action: 'raise' | 'clear', at: number): EventSignal => ({
    entity: `brick:${brick}`,
    type: 'BRICK_DOWN',
    subject: brick,
    action,
    reporter: 'gluster-dbus',
    at,
    source: 'Brick.online',
    volume: state.volume,
    brick,
    evidence: { source: 'Brick.online', online: String(state.bricks[brick]?.online ?? 'removed'), volumeStatus: state.status?.value ?? 'UNKNOWN' },
  });
  for (const [brick, { online, at }] of Object.entries(state.bricks)) {
    if (!started || online) continue;
    const since = state.downSince[brick] ?? Math.max(at, state.status?.at ?? at);
    downSince[brick] = since;
    const raisedAt = state.signalled[brick];
    if (raisedAt !== undefined) signalled[brick] = raisedAt;
    else if (time - since >= settings.brickOfflineGraceMs) {
      signalled[brick] = since;
      signals.push(signal(brick, 'raise', since));
    }
  }
  for (const brick of Object.keys(state.signalled)) if (signalled[brick] === undefined) signals.push(signal(brick, 'clear', time));
  const next: VolumeBricksState = { ...state, downSince, signalled };
  const empty = state.status?.value === 'DELETED' && Object.keys(state.bricks).length === 0 && Object.keys(signalled).length === 0;
  return { state: empty ? null : next, signals };
}
