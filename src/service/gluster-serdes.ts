import { buildGlusterTopology, type GlusterSerdes } from '../../pipelines/gluster-topology.js';
import type { TopicNames } from '../kafka/index.js';
import { createAvroSerde, createRawSerdes, readSchemaFile, valueSchemaFileOf, type SchemaRegistryClient } from '../serde/index.js';

/**
 * The processor's serdes: Avro through the registry for the raw topic (any registered writer schema
 * is read into the local one) and for every derived topic (the public contract).
 */
export function createGlusterSerdes(options: { registry: SchemaRegistryClient; names: TopicNames; registration: 'lookup' | 'register' }): GlusterSerdes {
  const raw = createRawSerdes({ registry: options.registry, topic: options.names.raw, registration: options.registration });
  const derived = <T>(topic: 'volumes' | 'bricks' | 'drives' | 'nodes' | 'alerts') =>
    createAvroSerde<T>({
      registry: options.registry,
      subject: `${options.names[topic]}-value`,
      schema: readSchemaFile(valueSchemaFileOf(topic)),
      registration: options.registration,
    });
  return {
    rawKey: raw.key,
    rawValue: raw.value,
    volumes: derived('volumes'),
    bricks: derived('bricks'),
    drives: derived('drives'),
    nodes: derived('nodes'),
    alerts: derived('alerts'),
  };
}

export { buildGlusterTopology };
