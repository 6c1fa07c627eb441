import type { Alert, RawPropertyChange } from '../../src/serde/index.js';
import { stringSerde, type KStream, type StreamsBuilder } from '../../src/streams/index.js';
import { taggedJsonSerde } from '../internal-serde.js';
import { entityProcessor } from '../shared/entity-processor.js';
import type { BrickOnlineFact } from './brick-online.js';
import { BRICK_ONLINE_STORE, brickOnlineLogic, EVENT_ENTITY_STORE, eventAlertLogic, VOLUME_BRICKS_STORE, volumeBricksLogic } from './event-processors.js';
import type { EventSettings } from './event-settings.js';
import type { EventSignal } from './event-signal.js';
import { flatMapRecords } from '../shared/flat-map-records.js';
import { signalsFromEvent } from './signals-from-event.js';
import { volumeStatusInput, type VolumeBricksInput } from './volume-bricks.js';

export interface EventStreams {
  /** Raw records of kind EVENT (the webhook's). */
  readonly events: KStream<unknown, RawPropertyChange>;
  /**
   * The raw Volume records keyed by volume name, as the volume pipeline's `volume-reports` topic
   * gives them (read alongside the volume pipeline, in its tasks).
   */
  readonly volumeReports: KStream<string, RawPropertyChange>;
  /** The raw Brick records (idem). */
  readonly bricks: KStream<unknown, RawPropertyChange>;
}

/** What the event pipeline gives the rest of the topology. */
export interface EventPipeline {
  readonly alerts: KStream<string, Alert>;
  /**
   * Each brick's `online`, merged over every node's report, keyed by volume name (read from the
   * `brick-online-by-volume` repartition topic): the volume risk reads it in the same tasks.
   */
  readonly brickOnline: KStream<string, BrickOnlineFact>;
}

/** Declares the event pipeline's stores on the builder (once per topology). */
export function declareEventStores(builder: StreamsBuilder): void {
  builder.addStateStore(EVENT_ENTITY_STORE).addStateStore(BRICK_ONLINE_STORE).addStateStore(VOLUME_BRICKS_STORE);
}

/**
 * The event pipeline: Gluster events and the exporter's Brick `online` → the event alerts
 * (BRICK_DOWN, PEER_DISCONNECTED, QUORUM_LOST, SPLIT_BRAIN, BRICK_HEALTH_CHECK_FAILED,
 * EC_MIN_BRICKS_NOT_UP, QUOTA_SOFT_LIMIT_CROSSED). Re-keying, each through a repartition topic:
 *
 * - events → signals by entity (`event-signals`);
 * - bricks by object path (`brick-online-reports`) → online facts by volume name
 *   (`brick-online-by-volume`), merged with the volume status from the volume pipeline's
 *   `volume-reports` (also by volume name: no copy of the volume records of its own) → BRICK_DOWN
 *   signals by brick entity (`brick-signals`: a raise may come from the tick after the grace
 *   period, a clear from the volume stopping);
 * - both signal streams merged → one state per entity (`event-entities`): N nodes' copies meet there.
 *
 * The caller declares the stores with {@link declareEventStores}.
 */
export function buildEventPipeline({ events, volumeReports, bricks }: EventStreams, settings: EventSettings): EventPipeline {
  const signals = taggedJsonSerde<EventSignal>();
  const fromEvents = events
    .pipe(flatMapRecords((record: RawPropertyChange) => signalsFromEvent(record).map((signal) => ({ key: signal.entity, value: signal })), { name: 'event-signals-by-entity' }))
    .repartition('event-signals', { key: stringSerde, value: signals });

  const volumeStatus = volumeReports.pipe(
    flatMapRecords(
      (record: RawPropertyChange, { key }) => {
        const input = volumeStatusInput(record, key);
        return input === null ? [] : [{ key, value: input }];
      },
      { name: 'volume-status-input' },
    ),
  );

  const { facts } = bricks
    .pipe(flatMapRecords((record: RawPropertyChange) => [{ key: record.objectPath, value: record }], { name: 'brick-online-by-path' }))
    .repartition('brick-online-reports', { key: stringSerde, value: taggedJsonSerde<RawPropertyChange>() })
    .process(entityProcessor(brickOnlineLogic()), { name: 'brick-online', stores: [BRICK_ONLINE_STORE.name], outputs: ['facts'] });
  const onlineByVolume = facts.repartition('brick-online-by-volume', { key: stringSerde, value: taggedJsonSerde<BrickOnlineFact>() });
  const brickOnline = onlineByVolume
    .pipe(flatMapRecords((fact: BrickOnlineFact): { key: string; value: VolumeBricksInput }[] => [{ key: fact.volume, value: { type: 'brick', fact } }], { name: 'brick-online-input' }));

  const brickSignals = volumeStatus
    .merge(brickOnline, { name: 'volume-bricks-input' })
    .process(entityProcessor(volumeBricksLogic(settings)), { name: 'volume-bricks', stores: [VOLUME_BRICKS_STORE.name], outputs: ['signals'] })
    .signals.repartition('brick-signals', { key: stringSerde, value: signals });

  const { alerts } = fromEvents
    .merge(brickSignals, { name: 'event-alerts-input' })
    .process(entityProcessor(eventAlertLogic(settings)), { name: 'event-alerts', stores: [EVENT_ENTITY_STORE.name], outputs: ['alerts'] });
  return { alerts, brickOnline: onlineByVolume };
}
