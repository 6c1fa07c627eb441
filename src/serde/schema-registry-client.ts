import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type avro from 'avsc';
import { GlusterEventingError } from '../errors/index.js';
import { AVRO_TYPE_OPTIONS, avroTypeFor } from './hybrid-long-type.js';
import { DecodeError, RegistryUnavailableError } from './decode-error.js';
import { createRegistryHttp } from './registry-http.js';

export type Compatibility = 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FULL' | 'NONE';

/** The shared settings' `schemaRegistry` slice fits as is: `createSchemaRegistryClient(settings.schemaRegistry)`. */
export interface SchemaRegistryClientOptions {
  /** Confluent-compatible base URL, e.g. http://127.0.0.1:8081/apis/ccompat/v7 */
  readonly url: string;
  /** HTTP basic credentials; read by name, so a non-enumerable password (the settings' way) works. */
  readonly auth?: { readonly username: string; readonly password: string };
  /** PEM of the CA of an https registry whose certificate is not publicly trusted. */
  readonly ca?: string;
  /**
   * Called for each request that got no answer (unreachable, timed out) or a 5xx, with the error
   * thrown for it: the service layer counts these for the "registry unreachable" alert.
   */
  readonly onUnavailable?: (error: GlusterEventingError) => void;
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
  const http = createRegistryHttp({ url: options.url, ...(options.ca === undefined ? {} : { ca: options.ca }) });
  // A fresh object: the library keeps what it is given, and the settings' password is non-enumerable.
  const auth = options.auth === undefined ? undefined : { username: options.auth.username, password: options.auth.password };
  const registry = new SchemaRegistry(
    { host: options.url, agent: http.agent, ...(auth === undefined ? {} : { auth }) },
    { [SchemaType.AVRO]: { ...AVRO_TYPE_OPTIONS } },
  );
  const idsBySchema = new Map<string, Promise<number>>();
  const writerTypes = new Map<number, Promise<avro.Type>>();
  const authHeader: Record<string, string> =
    auth === undefined ? {} : { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` };

  const unavailable = <E extends GlusterEventingError>(error: E): E => {
    options.onUnavailable?.(error);
    return error;
  };

  const request = async (method: 'PUT' | 'POST', path: string, body: unknown): Promise<RegistryResponse> => {
    const response = await call(() =>
      http.send(method, `${options.url}${path}`, { 'content-type': 'application/vnd.schemaregistry.v1+json', ...authHeader }, JSON.stringify(body)),
    );
    if (response.status >= 500) unavailable(new GlusterEventingError('SCHEMA_REGISTRY_UNAVAILABLE', `registry answered HTTP ${response.status} to ${method} ${path}`, { retriable: true }));
    return { ok: response.status >= 200 && response.status < 300, status: response.status, body: parseBody(response.text) };
  };

  /**
   * The registry library's HTTP layer (mappersmith) reports a request that got no answer as HTTP
   * 400, like a real 400: on a 400, one request of our own tells whether the registry answers at all.
   */
  const noAnswer = async (status: number): Promise<boolean> =>
    status === 400 && (await http.send('GET', `${options.url}/subjects`, authHeader).then(() => false, () => true));

  const call = async <T>(action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      const status = httpStatus(error);
      if (status === undefined || (await noAnswer(status))) throw unavailable(new RegistryUnavailableError(options.url, error));
      if (status >= 500) unavailable(new GlusterEventingError('SCHEMA_REGISTRY_UNAVAILABLE', `registry answered HTTP ${status}`, { retriable: true, cause: error }));
      throw error;
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
      // Set the subject's compatibility first, then register: registering first and configuring after
      // (what the library does) races with a second registrant, which then sees the registry default.
      const path = `/config/${encodeURIComponent(subject)}`;
      let configured = await request('PUT', path, { compatibility });
      // Apicurio answers 409 when a concurrent PUT created the rule first; the retry then updates it.
      for (let attempt = 0; configured.status === 409 && attempt < 3; attempt += 1) configured = await request('PUT', path, { compatibility });
      if (!configured.ok) throw registryFailure(`setting compatibility of ${subject}`, configured);
      const registered = await request('POST', `/subjects/${encodeURIComponent(subject)}/versions`, { schema: JSON.stringify(schema) });
      if (registered.status === 409) {
        throw new GlusterEventingError('SCHEMA_INCOMPATIBLE', `schema for ${subject} is incompatible with the registered versions: ${registered.body.message ?? ''}`);
      }
      if (!registered.ok || typeof registered.body.id !== 'number') throw registryFailure(`registering ${subject}`, registered);
      return registered.body.id;
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
      const response = await request('POST', `/compatibility/subjects/${encodeURIComponent(subject)}/versions/latest?verbose=true`, { schema: JSON.stringify(schema) });
      if (response.status === 404) return { subject, compatible: true, newSubject: true, messages: [] };
      if (!response.ok) throw registryFailure(`checking compatibility of ${subject}`, response);
      return { subject, compatible: response.body.is_compatible === true, newSubject: false, messages: response.body.messages ?? [] };
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
          if (status === undefined || (await noAnswer(status))) throw unavailable(new RegistryUnavailableError(options.url, error));
          const failure = new GlusterEventingError('SCHEMA_REGISTRY_UNAVAILABLE', `registry answered HTTP ${status} for schema id ${schemaId}`, { retriable: status >= 500, cause: error });
          throw status >= 500 ? unavailable(failure) : failure;
        }
      });
    },
  };
}

interface RegistryResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly body: { readonly id?: number; readonly is_compatible?: boolean; readonly messages?: string[]; readonly message?: string };
}

function registryFailure(action: string, response: RegistryResponse): GlusterEventingError {
  // 401: not who they claim; 403: known, but their role may not do this (registering is an admin's or CI's).
  const refused =
    response.status === 401
      ? ' (the registry refused the credentials: check SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD)'
      : response.status === 403
        ? ' (the registry user may not do this: components only look schema ids up; register with an admin or CI user)'
        : '';
  return new GlusterEventingError('SCHEMA_REGISTRY_UNAVAILABLE', `${action} failed with HTTP ${response.status}${refused}: ${response.body.message ?? ''}`, {
    retriable: response.status >= 500,
  });
}

function parseBody(text: string): RegistryResponse['body'] {
  try {
    const body: unknown = JSON.parse(text);
    return typeof body === 'object' && body !== null ? (body as RegistryResponse['body']) : {};
  } catch {
    return {};
  }
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
