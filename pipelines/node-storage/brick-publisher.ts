import type { Alert, BrickState } from '../../src/serde/index.js';
import { sameValue, type KeyValueStore, type Output, type Processor, type ProcessorContext, type ProcessorSupplier } from '../../src/streams/index.js';
import { reconcileAlerts } from '../domain/index.js';
import { entityStore } from '../shared/state-outputs.js';
import { brickConditions } from './storage-conditions.js';

/** One brick's published state and its open alerts, under its placement's key. */
export interface PublishedBrick {
  readonly state: BrickState;
  readonly openAlerts: Readonly<Record<string, Alert>>;
}

export const BRICK_STATES_STORE = entityStore<PublishedBrick>('brick-states');

export type BrickPublisherOutputs = { readonly states: Output<string, BrickState | null>; readonly alerts: Output<string, Alert> };

/**
 * Brick health updates (the join's result, keyed by placement; `null`: the brick left the node) →
 * the brick's published state, keyed by brick name, stamped with the time of the record that
 * changed it, and BRICK_ON_FAILING_DRIVE raised and resolved with it.
 */
export function brickPublisher(): ProcessorSupplier<string, BrickState | null, BrickPublisherOutputs> {
  return (): Processor<string, BrickState | null, BrickPublisherOutputs> => {
    let context: ProcessorContext<BrickPublisherOutputs>;
    let store: KeyValueStore<string, PublishedBrick>;
    const alert = (alerts: readonly Alert[], timestamp: number): void => {
      for (const raised of alerts) context.forward({ key: raised.alertId, value: raised, timestamp }, 'alerts');
    };
    return {
      init(given) {
        context = given;
        store = given.getStateStore(BRICK_STATES_STORE);
      },
      process({ key, value, timestamp }) {
        const previous = store.get(key);
        if (value === null) {
          if (previous === undefined) return;
          context.forward({ key: previous.state.name, value: null, timestamp }, 'states');
          alert(reconcileAlerts(previous.openAlerts, [], timestamp).emit, timestamp);
          store.delete(key, timestamp);
          return;
        }
        const changed = previous === undefined || !sameValue({ ...previous.state, lastChangedAt: 0 }, { ...value, lastChangedAt: 0 });
        const state = changed ? { ...value, lastChangedAt: timestamp } : previous.state;
        if (changed) context.forward({ key: state.name, value: state, timestamp }, 'states');
        const alerts = reconcileAlerts(previous?.openAlerts ?? {}, brickConditions(state), timestamp);
        alert(alerts.emit, timestamp);
        if (changed || alerts.emit.length > 0) store.put(key, { state, openAlerts: alerts.open }, timestamp);
      },
    };
  };
}
