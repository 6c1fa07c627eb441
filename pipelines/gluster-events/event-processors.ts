import type { Alert, RawPropertyChange } from '../../src/serde/index.js';
import type { Output } from '../../src/streams/index.js';
import type { EntityLogic } from '../shared/entity-processor.js';
import { entityStore } from '../shared/state-outputs.js';
import { applyBrickOnline, EMPTY_BRICK_ONLINE, type BrickOnlineEntry, type BrickOnlineFact } from './brick-online.js';
import { applySignal, emptyEventEntity, tickEventEntity, type EventEntityState, type EventStep } from './event-conditions.js';
import type { EventSettings } from './event-settings.js';
import type { EventSignal } from './event-signal.js';
import { applyVolumeBricksInput, emptyVolumeBricks, evaluateVolumeBricks, type VolumeBricksInput, type VolumeBricksState } from './volume-bricks.js';

export const EVENT_ENTITY_STORE = entityStore<EventEntityState>('event-entities');
export const BRICK_ONLINE_STORE = entityStore<BrickOnlineEntry>('brick-online');
export const VOLUME_BRICKS_STORE = entityStore<VolumeBricksState>('volume-bricks');

/** How often quiet times and grace periods are re-evaluated, in stream time. */
const TICK_MS = 1_000;

export type AlertOutputs = { readonly alerts: Output<string, Alert> };
export type FactOutputs = { readonly facts: Output<string, BrickOnlineFact> };
export type SignalOutputs = { readonly signals: Output<string, EventSignal> };

/**
 * Signals keyed by entity (from Gluster events, and from the exporter's brick and volume changes,
 * merged into one stream) → the event alerts. The tick resolves conditions after their quiet time
 * and forgets cleared entities.
 */
export function eventAlertLogic(settings: EventSettings): EntityLogic<EventSignal, EventEntityState, AlertOutputs> {
  const step = (event: EventStep) => ({ state: event.state, forward: event.alerts.map((alert) => ({ to: 'alerts' as const, key: alert.alertId, value: alert })) });
  return {
    name: 'event-alerts',
    store: EVENT_ENTITY_STORE.name,
    apply: (state, record, streamTime) => step(applySignal(state ?? emptyEventEntity(record.value.entity), record.value, streamTime, settings)),
    tick: { intervalMs: TICK_MS, run: (state, _key, time) => step(tickEventEntity(state, time, settings)) },
  };
}

/** Raw Brick records keyed by brick object path → {@link BrickOnlineFact}s keyed by volume name. */
export function brickOnlineLogic(): EntityLogic<RawPropertyChange, BrickOnlineEntry, FactOutputs> {
  return {
    name: 'brick-online',
    store: BRICK_ONLINE_STORE.name,
    apply: (state, record) => {
      const step = applyBrickOnline(state ?? EMPTY_BRICK_ONLINE, record.value);
      return { state: step.entry, forward: step.fact === null ? [] : [{ to: 'facts' as const, key: step.fact.volume, value: step.fact }] };
    },
  };
}

/** Volume status and brick online facts (merged), keyed by volume name → BRICK_DOWN signals keyed by brick entity. */
export function volumeBricksLogic(settings: EventSettings): EntityLogic<VolumeBricksInput, VolumeBricksState, SignalOutputs> {
  const step = (result: { state: VolumeBricksState | null; signals: EventSignal[] }) => ({
    state: result.state,
    forward: result.signals.map((signal) => ({ to: 'signals' as const, key: signal.entity, value: signal })),
  });
  return {
    name: 'volume-bricks',
    store: VOLUME_BRICKS_STORE.name,
    apply: (state, record, streamTime) => step(applyVolumeBricksInput(state ?? emptyVolumeBricks(record.key), record.value, streamTime, settings)),
    tick: { intervalMs: TICK_MS, run: (state, _key, time) => step(evaluateVolumeBricks(state, time, settings)) },
  };
}
