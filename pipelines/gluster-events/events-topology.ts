import type { RawPropertyChange } from '../../src/serde/index.js';
import { stringSerde, type KStream } from '../../src/streams/index.js';
import type { GlusterOutput } from '../gluster-output.js';
import { taggedJsonSerde } from '../internal-serde.js';
import { volumeNameOfPath, type BrickOnlineFact } from './brick-online.js';
import { brickOnlineProcessor, eventAlertProcessor, volumeBricksProcessor } from './event-processors.js';
import type { EventSettings } from './event-settings.js';
import type { EventSignal } from './event-signal.js';
import { flatMapRecords } from './flat-map-records.js';
import { signalsFromEvent } from './signals-from-event.js';
import { volumeStatusInput, type VolumeBricksInput } from './volume-bricks.js';

export interface EventStreams {
  /** Raw records of kind EVENT (the webhook's). */
  readonly events: KStream<unknown, RawPropertyChange>;
  /** The raw Volume records (read, not consumed: the volume pipeline sees them too). */
  readonly volumes: KStream<unknown, RawPropertyChange>;
  /** The raw Brick records (idem). */
  readonly bricks: KStream<unknown, RawPropertyChange>;
}

/**
 * The event pipeline: Gluster events and the exporter's Brick `online` → the event alerts
 * (BRICK_DOWN, PEER_DISCONNECTED, QUORUM_LOST, SPLIT_BRAIN, BRICK_HEALTH_CHECK_FAILED,
 * EC_MIN_BRICKS_NOT_UP, QUOTA_SOFT_LIMIT_CROSSED). Re-keying, each through a repartition topic:
 *
 * - events → signals by entity (`event-signals`) → one state per entity: N nodes' copies meet there;
 * - bricks by object path (`brick-online-reports`) → online facts by volume name (`brick-online-by-volume`),
 *   joined with the volume status by volume name (`volume-status-by-name`) → BRICK_DOWN signals by
 *   brick entity (`brick-signals`, `brick-signals-by-status`: a raise may come from the
 *   punctuator after the grace period, a clear from the volume stopping) → the same per-entity state
 *   as the events (shared store).
 *
 * Returns the output streams (events, brick facts, volume status) for the topology to route.
 */
export function buildEventPipeline({ events, volumes, bricks }: EventStreams, settings: EventSettings): KStream<string, GlusterOutput>[] {
  const signals = taggedJsonSerde<EventSignal>();
  const fromEvents = events
    .pipe(flatMapRecords((record: RawPropertyChange) => signalsFromEvent(record).map((signal) => ({ key: signal.entity, value: signal })), { name: 'event-signals-by-entity' }))
    .repartition('event-signals', { key: stringSerde, value: signals })
    .pipe(eventAlertProcessor('events', settings));

  const volumeBricks = taggedJsonSerde<VolumeBricksInput>();
  const fromVolumeStatus = volumes
    .pipe(
      flatMapRecords(
        (record: RawPropertyChange) => {
          const input = volumeStatusInput(record, volumeNameOfPath(record.objectPath));
          return input === null ? [] : [{ key: volumeNameOfPath(record.objectPath), value: input }];
        },
        { name: 'volume-status-by-name' },
      ),
    )
    .repartition('volume-status-by-name', { key: stringSerde, value: volumeBricks })
    .pipe(volumeBricksProcessor('volumes', settings))
    .repartition('brick-signals-by-status', { key: stringSerde, value: signals })
    .pipe(eventAlertProcessor('volume-status', settings));

  const fromBricks = bricks
    .pipe(flatMapRecords((record: RawPropertyChange) => [{ key: record.objectPath, value: record }], { name: 'brick-online-by-path' }))
    .repartition('brick-online-reports', { key: stringSerde, value: taggedJsonSerde<RawPropertyChange>() })
    .pipe(brickOnlineProcessor())
    .repartition('brick-online-by-volume', { key: stringSerde, value: taggedJsonSerde<BrickOnlineFact>() })
    .pipe(
      flatMapRecords((fact: BrickOnlineFact): { key: string; value: VolumeBricksInput }[] => [{ key: fact.volume, value: { type: 'brick', fact } }], { name: 'brick-online-input' }),
      volumeBricksProcessor('bricks', settings),
    )
    .repartition('brick-signals', { key: stringSerde, value: signals })
    .pipe(eventAlertProcessor('brick-facts', settings));

  return [fromEvents, fromBricks, fromVolumeStatus];
}
