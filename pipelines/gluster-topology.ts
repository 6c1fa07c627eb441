import type { TopicNames } from '../src/kafka/index.js';
import type { RawPropertyChange, RawPropertyChangeKey } from '../src/serde/index.js';
import { mapValues, selectKey, StreamsBuilder, stringSerde, type KStream, type Serde, type Topology } from '../src/streams/index.js';
import type { BrickFact } from './brick-registry/brick-registry.js';
import { brickRegistryProcessor } from './brick-registry/brick-registry-processor.js';
import { DISK_ROLES, interfaceRole, type Alert } from './domain/index.js';
import { buildEventPipeline, DEFAULT_EVENT_SETTINGS, isGlusterEvent, type EventSettings } from './gluster-events/index.js';
import type { GlusterOutput, StateTopic } from './gluster-output.js';
import { taggedJsonSerde } from './internal-serde.js';
import type { BrickState } from './node-storage/brick-state.js';
import { diskRoleOf } from './node-storage/disk-objects.js';
import type { DriveState } from './node-storage/drive-health.js';
import type { NodeStorageInput } from './node-storage/node-storage-aggregate.js';
import { nodeStorageProcessor } from './node-storage/node-storage-processor.js';
import { isNodeRecord } from './node-state/node-aggregate.js';
import { nodeProcessor } from './node-state/node-processor.js';
import type { NodeState } from './node-state/node-state.js';
import type { PipelineSettings } from './pipeline-settings.js';
import { legacyStatusSerde, legacyTopicOf, legacyVolumeStatus } from './legacy-volume-status/legacy-volume-status.js';
import { volumeProcessor } from './volume-state/volume-processor.js';
import type { VolumeState } from './volume-state/volume-state.js';

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
 * per node and object; each pipeline re-keys them through a repartition topic to the entity it
 * merges, so all reports of one entity meet in one task:
 *
 * - volumes: by volume object path (identical on every node) → one truth per volume;
 * - bricks: by brick object path → one fact per brick → by the hosting node's Gluster UUID;
 * - disks: by the reporting node's Gluster UUID (`node:<id>` without one) → joined with its bricks;
 * - nodes: by node id → liveness and glusterd;
 * - events: Gluster events by the entity they concern, plus the volume and brick records' status and
 *   `online` (read alongside their own pipelines) → the event alerts (`gluster-events/`).
 */
export function buildGlusterTopology({ names, serdes, settings, eventSettings = DEFAULT_EVENT_SETTINGS }: GlusterTopologyOptions): Topology {
  const builder = new StreamsBuilder();
  const rawRecord = taggedJsonSerde<RawPropertyChange>();
  const raw = builder.stream(names.raw, { key: serdes.rawKey, value: serdes.rawValue, timestamp: ({ value }) => value.observedAt, name: 'raw-property-changes' });

  const split = raw.branch({
    volume: (record) => interfaceRole(record.interface) === 'GlusterFS.Volume',
    brick: (record) => interfaceRole(record.interface) === 'GlusterFS.Brick',
    node: (record) => isNodeRecord(record),
    disk: (record) => DISK_ROLES.has(interfaceRole(record.interface) ?? 'GlusterFS.Volume'),
    events: (record) => isGlusterEvent(record),
  });

  const volumes = split.volume
    .pipe(selectKey((record) => record.objectPath, { name: 'volume-by-path' }))
    .repartition('volume-reports', { key: stringSerde, value: rawRecord })
    .pipe(volumeProcessor(settings));
  route('volumes', volumes, names, serdes);
  const legacyPrefix = settings.legacyVolumeTopicPrefix;
  if (legacyPrefix !== null) {
    volumes
      .pipe(legacyVolumeStatus())
      .toDynamic((record) => legacyTopicOf(legacyPrefix, record.value.volume), `${legacyPrefix}<volume>`, {
        key: stringSerde,
        value: legacyStatusSerde,
      });
  }

  const nodes = split.node
    .pipe(selectKey((record) => record.nodeId, { name: 'node-by-id' }))
    .repartition('node-reports', { key: stringSerde, value: rawRecord })
    .pipe(nodeProcessor(settings));
  route('nodes', nodes, names, serdes);

  const disks = split.disk
    .pipe(
      selectKey((record) => nodeStorageKey(record), { name: 'disk-by-node' }),
      mapValues((record): NodeStorageInput => ({ type: 'disk', role: diskRoleOf(record) ?? 'Block', record }), { name: 'disk-input' }),
    )
    .repartition('disk-reports', { key: stringSerde, value: taggedJsonSerde<NodeStorageInput>() })
    .pipe(nodeStorageProcessor('disks', settings));
  route('disks', disks, names, serdes);

  const bricks = split.brick
    .pipe(selectKey((record) => record.objectPath, { name: 'brick-by-path' }))
    .repartition('brick-reports', { key: stringSerde, value: rawRecord })
    .pipe(brickRegistryProcessor())
    .repartition('bricks-by-host', { key: stringSerde, value: taggedJsonSerde<BrickFact>() })
    .pipe(
      mapValues((fact, record): NodeStorageInput => ({ type: 'brick', fact, at: record.timestamp }), { name: 'brick-input' }),
      nodeStorageProcessor('bricks', settings),
    );
  route('bricks', bricks, names, serdes);

  const eventOutputs = buildEventPipeline({ events: split.events, volumes: split.volume, bricks: split.brick }, eventSettings);
  eventOutputs.forEach((outputs, index) => route(`events-${index}`, outputs, names, serdes));

  return builder.build();
}

/** Disk records meet the bricks of their node under the node's Gluster UUID (what a brick's hostUuid names). */
export function nodeStorageKey(record: Pick<RawPropertyChange, 'glusterUuid' | 'nodeId'>): string {
  return record.glusterUuid ?? `node:${record.nodeId}`;
}

/** Sends each output to its topic: state changes to the compacted topics (null = tombstone), alerts to the alert topic. */
function route(pipeline: string, outputs: KStream<string, GlusterOutput>, names: TopicNames, serdes: GlusterSerdes): void {
  const branches = outputs.branch({
    volumes: (output) => output.topic === 'volumes',
    bricks: (output) => output.topic === 'bricks',
    drives: (output) => output.topic === 'drives',
    nodes: (output) => output.topic === 'nodes',
    alerts: (output) => output.topic === 'alerts',
  });
  const stateSerdes: { [T in StateTopic]: Serde<NonNullable<Extract<GlusterOutput, { topic: T }>['value']>> } = serdes;
  for (const topic of ['volumes', 'bricks', 'drives', 'nodes'] as const) {
    branches[topic]
      .pipe(mapValues((output) => output.value, { name: `${pipeline}-to-${topic}` }))
      .toTable(names[topic], { key: stringSerde, value: stateSerdes[topic] as Serde<NonNullable<GlusterOutput['value']>> });
  }
  branches.alerts
    .pipe(mapValues((output) => output.value as Alert, { name: `${pipeline}-to-alerts` }))
    .to(names.alerts, { key: stringSerde, value: serdes.alerts });
}
