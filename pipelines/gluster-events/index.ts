export { buildEventPipeline, declareEventStores } from './events-topology.js';
export { volumeNameOfPath } from './brick-online.js';
export type { EventStreams } from './events-topology.js';
export { DEFAULT_EVENT_SETTINGS, eventSettingsSchema } from './event-settings.js';
export type { EventSettings } from './event-settings.js';
export { isGlusterEvent, signalsFromEvent } from './signals-from-event.js';
export { applySignal, emptyEventEntity, tickEventEntity } from './event-conditions.js';
export type { EventEntityState } from './event-conditions.js';
export type { EventAlertType, EventSignal } from './event-signal.js';
