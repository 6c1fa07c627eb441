import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type avro from 'avsc';
import { GlusterEventingError } from '../errors/index.js';
import { AVRO_TYPE_OPTIONS, avroTypeFor } from './hybrid-long-type.js';
import { DecodeError, RegistryUnavailableError } from './decode-error.js';

export type Compatibility = 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FULL' | 'NONE';

export interface SchemaRegistryClientOptions {
  /** Confluent-compatible base URL, e.g. http://127.0.0.1:8081/apis/ccompat/v7 */
  readonly url: string;
  readonly auth?: { readonly username: string; readonly password: string };
}

export interface CompatibilityVerdict {
  readonly subject: string;
  readonly compatible: boolean;
  /** True when the subject has no version yet: anything is compatible. */
  readonly newSubject: boolean;
  readonly messages: readonly string[];
}

/**
 * The registry as this project uses it: subjects named by the TopicNameStrategy and passed
 * explicitly (the library would otherwise name them after the record), ids cached, writer schemas
 * built with the project's Avro options, and failures mapped to typed errors.
 */
export interface SchemaRegistryClient {
  readonly url: string;
  register(subject: string, schema: avro.Schema, compatibility?: Compatibility): Promise<number>;
  /** The id of an already registered schema, without registering it (producers in production). */
  lookupId(subject: string, schema: avro.Schema): Promise<number>;
  checkCompatibility(subject: string, schema: avro.Schema): Promise<CompatibilityVerdict>;
  writerType(schemaId: number): Promise<avro.Type>;
}

export function createSchemaRegistryClient(options: SchemaRegistryClientOptions): SchemaRegistryClient {
  const registry = new SchemaRegistry(
    { host: options.url, ...(options.auth === undefined ? {} : { auth: options.auth }) },
    { [SchemaType.AVRO]: { ...AVRO_TYPE_OPTIONS } },
  );
  const idsBySchema = new Map<string, Promise<number>>();
  const writerTypes = new Map<number, Promise<avro.Type>>();
  const authHeader =
    options.auth === undefined ? {} : { authorization: `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}` };

  const call = async <T>(action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      throw httpStatus(error) === undefined ? new RegistryUnavailableError(options.url, error) : error;
    }
  };

  const cachedOnSuccess = <K, V>(cache: Map<K, Promise<V>>, key: K, load: () => Promise<V>): Promise<V> => {
    const existing = cache.get(key);
    if (existing !== undefined) return existing;
    const pending = load();
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
    return pending;
  };

  return {
    url: options.url,

    async register(subject, schema, compatibility = 'BACKWARD') {
      const { id } = await call(() =>
        registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(schema) }, { subject, compatibility: COMPATIBILITY[compatibility] }),
      ).catch((error: unknown) => {
        if (httpStatus(error) === 409) {
          throw new GlusterEventingError('SCHEMA_INCOMPATIBLE', `schema for ${subject} is incompatible with the registered versions: ${errorText(error)}`, { cause: error });
        }
        throw error;
      });
      return id;
    },

    lookupId(subject, schema) {
      const text = JSON.stringify(schema);
      return cachedOnSuccess(idsBySchema, `${subject}\u0000${text}`, () =>
        call(() => registry.getRegistryIdBySchema(subject, { type: SchemaType.AVRO, schema: text })).catch((error: unknown) => {
          if (error instanceof RegistryUnavailableError) throw error;
          throw new GlusterEventingError(
            'SCHEMA_INCOMPATIBLE',
            `schema for ${subject} is not registered; run \`gluster-eventing schemas register\` first (${errorText(error)})`,
            { cause: error },
          );
        }),
      );
    },

    async checkCompatibility(subject, schema) {
      const response = await call(() =>
        fetch(`${options.url}/compatibility/subjects/${encodeURIComponent(subject)}/versions/latest?verbose=true`, {
          method: 'POST',
          headers: { 'content-type': 'application/vnd.schemaregistry.v1+json', ...authHeader },
          body: JSON.stringify({ schema: JSON.stringify(schema) }),
        }),
      );
      const body = (await response.json().catch(() => ({}))) as { is_compatible?: boolean; messages?: string[]; message?: string };
      if (response.status === 404) return { subject, compatible: true, newSubject: true, messages: [] };
      if (!response.ok) {
        throw new GlusterEventingError('SCHEMA_REGISTRY_UNAVAILABLE', `compatibility check for ${subject} failed with HTTP ${response.status}: ${body.message ?? ''}`, {
          retriable: response.status >= 500,
        });
      }
      return { subject, compatible: body.is_compatible === true, newSubject: false, messages: body.messages ?? [] };
    },

    writerType(schemaId) {
      return cachedOnSuccess(writerTypes, schemaId, async () => {
        try {
          const schema = await registry.getSchema(schemaId);
          // The library built an avsc type with our options; rebuild from its JSON to be independent of that.
          return avroTypeFor(JSON.parse(JSON.stringify((schema as avro.Type).schema())) as avro.Schema);
        } catch (error) {
          const status = httpStatus(error);
          if (status === 404) throw new DecodeError('DECODE_UNKNOWN_SCHEMA_ID', `unknown schema id ${schemaId}: the registry at ${options.url} has no such schema`, { schemaId, cause: error });
          if (status === undefined) throw new RegistryUnavailableError(options.url, error);
          throw new GlusterEventingError('SCHEMA_REGISTRY_UNAVAILABLE', `registry answered HTTP ${status} for schema id ${schemaId}`, { retriable: status >= 500, cause: error });
        }
      });
    },
  };
}

function httpStatus(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'status' in error && typeof (error as { status: unknown }).status === 'number') {
    return (error as { status: number }).status;
  }
  return undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
