import { taggedJsonSerde } from '../../../pipelines/internal-serde.js';
import type { NodeStorageInput } from '../../../pipelines/node-storage/node-storage.js';
import { buildNodeStorage } from '../../../pipelines/node-storage/node-storage-topology.js';
import type { NodeStorageSettings } from '../../../pipelines/node-storage/storage-conditions.js';
import { createTopologyTestDriver, StreamsBuilder, stringSerde, type TopologyTestDriver } from '../../../src/streams/index.js';

/**
 * The node-storage section of the topology (`buildNodeStorage`) on the test driver, one node's
 * storage in its stores: input topic `storage-input`, outputs `drives`, `bricks`, `alerts` (JSON).
 */
export function nodeStorageDriver(settings: NodeStorageSettings): TopologyTestDriver {
  const builder = new StreamsBuilder();
  const json = taggedJsonSerde<never>();
  const storage = buildNodeStorage(builder, builder.stream('storage-input', { key: stringSerde, value: taggedJsonSerde<NodeStorageInput>() }), settings);
  storage.drives.toTable('drives', { key: stringSerde, value: json });
  storage.bricks.toTable('bricks', { key: stringSerde, value: json });
  storage.alerts.to('alerts', { key: stringSerde, value: json });
  return createTopologyTestDriver(builder.build());
}
