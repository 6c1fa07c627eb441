import type { AvroSerde } from './avro-serde.js';
import { createAvroSerde } from './avro-serde.js';
import { rawFromAvro, rawToAvro, type AvroRawPropertyChange, type RawPropertyChange, type RawPropertyChangeKey } from './raw-record.js';
import type { SchemaRegistryClient } from './schema-registry-client.js';
import { readSchemaFile } from './schema-files.js';

export interface RawSerdes {
  readonly key: AvroSerde<RawPropertyChangeKey>;
  readonly value: AvroSerde<RawPropertyChange>;
}

/** Key and value serdes of the raw topic, converting D-Bus values to and from their Avro form. */
export function createRawSerdes(options: { registry: SchemaRegistryClient; topic: string; registration: 'lookup' | 'register' }): RawSerdes {
  const key = createAvroSerde<RawPropertyChangeKey>({
    registry: options.registry,
    subject: `${options.topic}-key`,
    schema: readSchemaFile('raw-property-change-key.avsc'),
    registration: options.registration,
  });
  const avroValue = createAvroSerde<AvroRawPropertyChange>({
    registry: options.registry,
    subject: `${options.topic}-value`,
    schema: readSchemaFile('raw-property-change-value.avsc'),
    registration: options.registration,
  });
  return {
    key,
    value: {
      subject: avroValue.subject,
      serialize: (record) => avroValue.serialize(rawToAvro(record)),
      deserialize: async (bytes) => rawFromAvro(await avroValue.deserialize(bytes)),
    },
  };
}
