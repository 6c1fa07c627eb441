import type { RawPropertyChange } from '../../src/serde/index.js';
import type { StreamOperator, StreamRecord } from '../../src/streams/index.js';
import { alertOutputs, type GlusterOutput } from '../gluster-output.js';
import { keyedProcessor } from '../shared/keyed-processor.js';
import { applyBrickOnline, EMPTY_BRICK_ONLINE, type BrickOnlineEntry, type BrickOnlineFact } from './brick-online.js';
import { applySignal, emptyEventEntity, tickEventEntity, type EventEntityState } from './event-conditions.js';
import type { EventSettings } from './event-settings.js';
import type { EventSignal } from './event-signal.js';
import { applyVolumeBricksInput, emptyVolumeBricks, evaluateVolumeBricks, type VolumeBricksInput, type VolumeBricksState } from './volume-bricks.js';

/**
 * Signals keyed by entity → the event alerts. Built three times (Gluster events; the exporter's
 * brick signals caused by a brick's or by its volume's change), sharing one store so both inputs meet in one state per entity; the first owns the store
 * and the punctuator (quiet-time resolution, forgetting cleared entities).
 */
export function eventAlertProcessor(input: 'events' | 'brick-facts' | 'volume-status', settings: EventSettings): StreamOperator<StreamRecord<string, EventSignal>, StreamRecord<string, GlusterOutput>> {
  return keyedProcessor<EventSignal, EventEntityState, GlusterOutput>({
    name: `event-alerts-${input}`,
    store: 'event-entities',
    shareStoreOf: input !== 'events',
    step: (state, signal, _record, context) => {
      const step = applySignal(state ?? emptyEventEntity(signal.entity), signal, context.streamTime(), settings);
      return { state: step.state, outputs: alertOutputs(step.alerts) };
    },
    ...(input === 'events' ? { punctuate: (state: EventEntityState, _key: string, time: number) => {
      const step = tickEventEntity(state, time, settings);
      return { state: step.state, outputs: alertOutputs(step.alerts) };
    } } : {}),
  });
}

/** Raw Brick records keyed by brick object path → {@link BrickOnlineFact}s keyed by volume name. */
export function brickOnlineProcessor(): StreamOperator<StreamRecord<string, RawPropertyChange>, StreamRecord<string, BrickOnlineFact>> {
  return keyedProcessor<RawPropertyChange, BrickOnlineEntry, BrickOnlineFact>({
    name: 'brick-online',
    store: 'brick-online',
    step: (state, record) => {
      const step = applyBrickOnline(state ?? EMPTY_BRICK_ONLINE, record);
      return { state: step.entry, outputs: step.fact === null ? [] : [{ key: step.fact.volume, value: step.fact }] };
    },
  });
}

/** Volume status and brick online facts keyed by volume name → BRICK_DOWN signals keyed by brick entity. */
export function volumeBricksProcessor(input: 'volumes' | 'bricks', settings: EventSettings): StreamOperator<StreamRecord<string, VolumeBricksInput>, StreamRecord<string, EventSignal>> {
  const keyed = (step: { state: VolumeBricksState | null; signals: EventSignal[] }) => ({ state: step.state, outputs: step.signals.map((signal) => ({ key: signal.entity, value: signal })) });
  return keyedProcessor<VolumeBricksInput, VolumeBricksState, EventSignal>({
    name: `volume-bricks-${input}`,
    store: 'volume-bricks',
    shareStoreOf: input === 'bricks',
    step: (state, value, record, context) => keyed(applyVolumeBricksInput(state ?? emptyVolumeBricks(record.key), value, context.streamTime(), settings)),
    ...(input === 'volumes' ? { punctuate: (state: VolumeBricksState, _key: string, time: number) => keyed(evaluateVolumeBricks(state, time, settings)) } : {}),
  });
}
