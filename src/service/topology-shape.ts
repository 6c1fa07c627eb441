import { buildGlusterTopology, type GlusterSerdes } from '../../pipelines/gluster-topology.js';
import type { PipelineSettings } from '../../pipelines/pipeline-settings.js';
import type { TopicNames } from '../kafka/index.js';
import { internalTopicNames, type InternalTopicName, type Serde, type Topology } from '../streams/index.js';

/** A serde for a topology that is only looked at: its names and shape, never a record. */
const unused: Serde<never> = {
  serialize: () => {
    throw new TypeError('a topology built for its shape cannot serialize records');
  },
  deserialize: () => {
    throw new TypeError('a topology built for its shape cannot deserialize records');
  },
};
const SHAPE_SERDES: GlusterSerdes = { rawKey: unused, rawValue: unused, volumes: unused, bricks: unused, drives: unused, nodes: unused, alerts: unused };

/**
 * The processor's Gluster topology as configured, built without a registry: what `topics list
 * --internal`, `acls` and the docs' checks read (its internal topics), exactly the graph the
 * processor runs, since the pipelines' wiring does not depend on the serdes.
 */
export function glusterTopologyShape(options: { readonly names: TopicNames; readonly pipelines: PipelineSettings }): Topology {
  return buildGlusterTopology({ names: options.names, serdes: SHAPE_SERDES, settings: options.pipelines });
}

/** Every changelog and repartition topic the processor creates under `applicationId`. */
export function processorInternalTopics(options: { readonly names: TopicNames; readonly pipelines: PipelineSettings; readonly applicationId: string }): readonly InternalTopicName[] {
  return internalTopicNames(glusterTopologyShape(options), options.applicationId);
}
