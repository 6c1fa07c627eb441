import type avro from 'avsc';
import { GlusterEventingError } from '../errors/index.js';
import { DecodeError } from './decode-error.js';
import { avroTypeFor } from './hybrid-long-type.js';
import type { SchemaRegistryClient } from './schema-registry-client.js';
import { frame, unframe } from './wire-format.js';

export interface AvroSerdeOptions {
  readonly registry: SchemaRegistryClient;
  readonly subject: string;
  /** The local schema: what this program writes, and the reader schema it decodes into. */
  readonly schema: avro.Schema;
  /**
   * `lookup` (production producers): the schema must already be registered.
   * `register`: register it on first use (tools, tests, the demo).
   */
  readonly registration: 'lookup' | 'register';
}

/**
 * A typed serde for one subject: encodes `T` in the Confluent wire format with the id of the local
 * schema, and decodes any registered writer schema into the local reader schema (Avro schema
 * resolution), so records written by older producers stay readable.
 */
export interface AvroSerde<T> {
  readonly subject: string;
  serialize(value: T): Promise<Buffer>;
  deserialize(bytes: Buffer | null): Promise<T>;
}

export function createAvroSerde<T>(options: AvroSerdeOptions): AvroSerde<T> {
  const readerType = avroTypeFor(options.schema);
  const resolvers = new Map<number, avro.Resolver | null>();
  let schemaId: Promise<number> | undefined;

  const localSchemaId = (): Promise<number> => {
    schemaId ??= (options.registration === 'register'
      ? options.registry.register(options.subject, options.schema)
      : options.registry.lookupId(options.subject, options.schema)
    ).catch((error: unknown) => {
      schemaId = undefined;
      throw error;
    });
    return schemaId;
  };

  const resolverFor = async (id: number): Promise<avro.Resolver | null> => {
    const known = resolvers.get(id);
    if (known !== undefined) return known;
    const writerType = await options.registry.writerType(id);
    let resolver: avro.Resolver | null;
    try {
      resolver = writerType.equals(readerType) ? null : readerType.createResolver(writerType);
    } catch (cause) {
      throw new DecodeError('DECODE_SCHEMA_MISMATCH', `writer schema ${id} cannot be read as ${options.subject}: ${(cause as Error).message}`, { schemaId: id, cause });
    }
    resolvers.set(id, resolver);
    return resolver;
  };

  return {
    subject: options.subject,

    async serialize(value) {
      const problems: string[] = [];
      if (!readerType.isValid(value, { errorHook: (path) => problems.push(path.join('.') || '(root)') })) {
        throw new GlusterEventingError('ENCODE_INVALID_VALUE', `value does not match ${options.subject} at ${problems.slice(0, 5).join(', ')}`);
      }
      return frame(await localSchemaId(), readerType.toBuffer(value));
    },

    async deserialize(bytes) {
      const { schemaId: id, body } = unframe(bytes);
      const resolver = await resolverFor(id);
      let decoded: { value: unknown; offset: number };
      try {
        decoded = resolver === null ? readerType.decode(body, 0) : readerType.decode(body, 0, resolver);
      } catch (cause) {
        throw new DecodeError('DECODE_SCHEMA_MISMATCH', `bytes do not match writer schema ${id} (${options.subject}): ${(cause as Error).message}`, { schemaId: id, cause });
      }
      if (decoded.offset === -1) throw new DecodeError('DECODE_TRUNCATED', `Avro body truncated: ${body.length} bytes are not a whole ${options.subject} record (schema ${id})`, { schemaId: id });
      if (decoded.offset !== body.length) {
        throw new DecodeError('DECODE_SCHEMA_MISMATCH', `${body.length - decoded.offset} trailing bytes after a ${options.subject} record (schema ${id})`, { schemaId: id });
      }
      return decoded.value as T;
    },
  };
}
