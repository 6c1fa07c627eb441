import type { TopicNames } from '../src/kafka/index.js';
import { rawPartitionKey, type Alert, type BrickState, type DriveState, type NodeState, type RawPropertyChange, type RawPropertyChangeKey, type VolumeState } from '../src/serde/index.js';
import { mapValues, selectKey, StreamsBuilder, stringSerde, type KStream, type Serde, type Topology } from '../src/streams/index.js';
import type { BrickFact } from './brick-registry/brick-registry.js';
import { BRICK_REGISTRY_STORE, brickRegistryProcessor } from './brick-registry/brick-registry-processor.js';
import { interfaceRole } from './domain/index.js';
import { buildEventPipeline, declareEventStores, DEFAULT_EVENT_SETTINGS, isGlusterEvent, volumeNameOfPath, type EventSettings } from './gluster-events/index.js';
import { taggedJsonSerde } from './internal-serde.js';
import { LEGACY_STATUS_STORE, legacyStatusSerde, legacyTopicOf, legacyVolumeStatusLogic } from './legacy-volume-status/legacy-volume-status.js';
import { diskRoleOf } from './node-storage/disk-objects.js';
import type { NodeStorageInput } from './node-storage/node-storage.js';
import { buildNodeStorage } from './node-storage/node-storage-topology.js';
import { isNodeRecord } from './node-state/node-aggregate.js';
import { NODE_STORE, nodeLogic } from './node-state/node-processor.js';
import type { PipelineSettings } from './pipeline-settings.js';
import { entityProcessor } from './shared/entity-processor.js';
import { STATE_OUTPUTS } from './shared/state-outputs.js';
import { VOLUME_REPORTS_STORE, VOLUME_STORE, volumeLogic } from './volume-state/volume-processor.js';
import type { VolumeRiskInput } from './volume-risk/volume-risk-entry.js';
import { VOLUME_RISK_STORE, volumeRiskLogic } from './volume-risk/volume-risk-processor.js';
import { flatMapRecords } from './shared/flat-map-records.js';

export interface GlusterSerdes {
  readonly rawKey: Serde<RawPropertyChangeKey>;
  readonly rawValue: Serde<RawPropertyChange>;
  readonly volumes: Serde<VolumeState>;
  readonly bricks: Serde<BrickState>;
  readonly drives: Serde<DriveState>;
  readonly nodes: Serde<NodeState>;
  readonly alerts: Serde<Alert>;
}

export interface GlusterTopologyOptions {
  readonly names: TopicNames;
  readonly serdes: GlusterSerdes;
  readonly settings: PipelineSettings;
  /** The event pipeline's tunables (quiet times, dedupe window); defaults when omitted. */
  readonly eventSettings?: EventSettings;
}

/**
 * The Gluster pipelines, from `gluster.raw.v1` to the state and alert topics. Raw records are keyed
 * per node and object and partitioned by node (`rawPartitionKey`); each pipeline re-keys them to the
 * entity it merges, through a repartition topic unless they already lie by it, so all reports of
 * one entity meet in one task:
 *
 * - volumes: by volume name (the object path is identical on every node) → one truth per volume,
 *   and the volume status the event pipeline joins with its bricks' `online`;
 * - bricks: by brick object path → one fact per brick → by the hosting node's Gluster UUID;
 * - disks: by the reporting node's Gluster UUID (`node:<id>` without one), which is what producers
 *   partition raw records by: no repartition (`markAsPartitioned`), merged with its bricks;
 * - nodes: by node id → liveness and glusterd;
 * - events: Gluster events by the entity they concern, plus the volume and brick records' status and
 *   `online` (read alongside their own pipelines) → the event alerts (`gluster-events/`).
 *
 * Each pipeline is a Processor API node with typed outputs (`states`, `alerts`, ...), wired here to
 * its topics: state updates to the compacted topics (null = tombstone), alerts to the alert topic.
 */
export function buildGlusterTopology({ names, serdes, settings, eventSettings = DEFAULT_EVENT_SETTINGS }: GlusterTopologyOptions): Topology {
  const builder = new StreamsBuilder();
  // Every store is declared once here and connected to its processors by name.
  builder.addStateStore(VOLUME_STORE).addStateStore(VOLUME_REPORTS_STORE).addStateStore(VOLUME_RISK_STORE).addStateStore(NODE_STORE).addStateStore(BRICK_REGISTRY_STORE);
  declareEventStores(builder);
  const rawRecord = taggedJsonSerde<RawPropertyChange>();
  const raw = builder.stream(names.raw, { key: serdes.rawKey, value: serdes.rawValue, timestamp: ({ value }) => value.observedAt, name: 'raw-property-changes' });
  const toAlerts = (alerts: KStream<string, Alert>): void => alerts.to(names.alerts, { key: stringSerde, value: serdes.alerts });

  const split = raw.branch({
    volume: (record) => interfaceRole(record.interface) === 'GlusterFS.Volume',
    brick: (record) => interfaceRole(record.interface) === 'GlusterFS.Brick',
    node: (record) => isNodeRecord(record),
    disk: (record) => diskRoleOf(record) !== undefined,
    events: (record) => isGlusterEvent(record),
  });

  // By volume name, not object path: the event pipeline's volume status joins its brick facts by
  // name in the same tasks, so the volume records are repartitioned once for both.
  const volumeReports = split.volume
    .pipe(selectKey((record) => volumeNameOfPath(record.objectPath), { name: 'volume-by-name' }))
    .repartition('volume-reports', { key: stringSerde, value: rawRecord });
  const volumes = volumeReports.process(entityProcessor(volumeLogic(settings)), { name: 'volume-state', stores: [VOLUME_STORE.name, VOLUME_REPORTS_STORE.name], outputs: STATE_OUTPUTS });
  toAlerts(volumes.alerts);
  const legacyPrefix = settings.legacyVolumeTopicPrefix;
  if (legacyPrefix !== null) {
    builder.addStateStore(LEGACY_STATUS_STORE);
    volumes.states
      .process(entityProcessor(legacyVolumeStatusLogic()), { name: 'legacy-volume-status', stores: [LEGACY_STATUS_STORE.name], outputs: ['statuses'] })
      .statuses.toDynamic((record) => legacyTopicOf(legacyPrefix, record.value.volume), `${legacyPrefix}<volume>`, { key: stringSerde, value: legacyStatusSerde });
  }

  const nodes = split.node
    .pipe(selectKey((record) => record.nodeId, { name: 'node-by-id' }))
    .repartition('node-reports', { key: stringSerde, value: rawRecord })
    .process(entityProcessor(nodeLogic(settings)), { name: 'node-state', stores: [NODE_STORE.name], outputs: STATE_OUTPUTS });
  nodes.states.toTable(names.nodes, { key: stringSerde, value: serdes.nodes });
  toAlerts(nodes.alerts);

  // Producers partition raw records by this very key (the contract in `rawPartitionKey`): a node's
  // disk records are read where they lie, in one hop from the raw topic to the SMART alerts. Only
  // records written the old way (before a producer was upgraded) take the `disk-reports` detour.
  const disks = split.disk
    .pipe(
      selectKey((record) => rawPartitionKey(record), { name: 'disk-by-node' }),
      mapValues((record): NodeStorageInput => ({ type: 'disk', record }), { name: 'disk-input' }),
    )
    .markAsPartitioned('disk-reports', { key: stringSerde, value: taggedJsonSerde<NodeStorageInput>() });
  const bricks = split.brick
    .pipe(selectKey((record) => record.objectPath, { name: 'brick-by-path' }))
    .repartition('brick-reports', { key: stringSerde, value: rawRecord })
    .process(brickRegistryProcessor(), { name: 'brick-registry', stores: [BRICK_REGISTRY_STORE.name], outputs: ['facts'] })
    .facts.repartition('bricks-by-host', { key: stringSerde, value: taggedJsonSerde<BrickFact>() })
    .pipe(mapValues((fact, record): NodeStorageInput => ({ type: 'brick', fact, at: record.timestamp }), { name: 'brick-input' }));
  const storage = buildNodeStorage(builder, disks.merge(bricks, { name: 'node-storage-input' }), settings);
  storage.drives.toTable(names.drives, { key: stringSerde, value: serdes.drives });
  storage.bricks.toTable(names.bricks, { key: stringSerde, value: serdes.bricks });
  toAlerts(storage.alerts);

  const events = buildEventPipeline({ events: split.events, volumeReports, bricks: split.brick }, eventSettings);
  toAlerts(events.alerts);

  // The volume risk joins, per volume name, the volume state (same task), each brick's online (the
  // event pipeline's facts by volume) and each brick's drives (the brick states, re-keyed by volume).
  const brickStates = storage.bricks
    .pipe(flatMapRecords((brick: BrickState | null) => (brick?.volume == null ? [] : [{ key: brick.volume, value: brick }]), { name: 'brick-state-by-volume' }))
    .repartition('brick-states-by-volume', { key: stringSerde, value: taggedJsonSerde<BrickState>() });
  const risk = volumes.states
    .pipe(mapValues((state, record): VolumeRiskInput => ({ type: 'volume', volume: record.key, state }), { name: 'volume-risk-volume' }))
    .merge(events.brickOnline.pipe(mapValues((fact): VolumeRiskInput => ({ type: 'online', fact }), { name: 'volume-risk-online' })), { name: 'volume-risk-online-input' })
    .merge(brickStates.pipe(mapValues((brick): VolumeRiskInput => ({ type: 'storage', brick }), { name: 'volume-risk-storage' })), { name: 'volume-risk-input' })
    .process(entityProcessor(volumeRiskLogic({ offlineGraceMs: eventSettings.brickOfflineGraceMs })), { name: 'volume-risk', stores: [VOLUME_RISK_STORE.name], outputs: STATE_OUTPUTS });
  risk.states.toTable(names.volumes, { key: stringSerde, value: serdes.volumes });
  toAlerts(risk.alerts);
  return builder.build();
}
