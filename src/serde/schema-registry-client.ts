import type avro from 'avsc';
import { GlusterEventingError } from '../errors/index.js';
import { avroTypeFor } from './hybrid-long-type.js';
import { DecodeError, RegistryUnavailableError } from './decode-error.js';
import { createRegistryHttp, type RegistryHttpResponse } from './registry-http.js';

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
 * The registry as this project uses it, over the Confluent-compatible REST API: subjects named by
 * the TopicNameStrategy and passed explicitly, ids and writer types cached, writer schemas built
 * with the project's Avro options, and failures mapped to typed errors (no answer or a 5xx:
 * retriable `SCHEMA_REGISTRY_UNAVAILABLE`; an unknown id: `DECODE_UNKNOWN_SCHEMA_ID`).
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
  const idsBySchema = new Map<string, Promise<number>>();
  const writerTypes = new Map<number, Promise<avro.Type>>();
  // Read by name, not spread: the settings' password is non-enumerable.
  const authHeader: Record<string, string> =
    options.auth === undefined ? {} : { authorization: `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}` };

  const unavailable = <E extends GlusterEventingError>(error: E): E => {
    options.onUnavailable?.(error);
    return error;
  };

  /**
   * One request of the Confluent-compatible API. No answer (refused, reset, timed out) throws a
   * {@link RegistryUnavailableError}; any HTTP answer is returned, and a 5xx is reported as unavailable.
   * (Our own transport: the registry library's, mappersmith, reports a refused connection as HTTP 400.)
   */
  const request = async (method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown): Promise<RegistryResponse> => {
    const headers = { accept: 'application/vnd.schemaregistry.v1+json', 'content-type': 'application/vnd.schemaregistry.v1+json', ...authHeader };
    let response: RegistryHttpResponse;
    try {
      response = await http.send(method, `${options.url}${path}`, headers, body === undefined ? undefined : JSON.stringify(body));
    } catch (error) {
      throw unavailable(new RegistryUnavailableError(options.url, error));
    }
    if (response.status >= 500) options.onUnavailable?.(new GlusterEventingError('SCHEMA_REGISTRY_UNAVAILABLE', `registry answered HTTP ${response.status} to ${method} ${path}`, { retriable: true }));
    return { ok: response.status >= 200 && response.status < 300, status: response.status, body: parseBody(response.text) };
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
      // (what the registry library does) races with a second registrant, which then sees the registry default.
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
      return cachedOnSuccess(idsBySchema, `${subject}\u0000${text}`, async () => {
        const found = await request('POST', `/subjects/${encodeURIComponent(subject)}`, { schema: text });
        if (found.ok && typeof found.body.id === 'number') return found.body.id;
        if (found.status >= 500 || found.status === 401 || found.status === 403) throw registryFailure(`looking up the schema id of ${subject}`, found);
        throw new GlusterEventingError(
          'SCHEMA_INCOMPATIBLE',
          `schema for ${subject} is not registered; run \`gluster-eventing schemas register\` first (HTTP ${found.status}: ${found.body.message ?? ''})`,
        );
      });
    },

    async checkCompatibility(subject, schema) {
      const response = await request('POST', `/compatibility/subjects/${encodeURIComponent(subject)}/versions/latest?verbose=true`, { schema: JSON.stringify(schema) });
      if (response.status === 404) return { subject, compatible: true, newSubject: true, messages: [] };
      if (!response.ok) throw registryFailure(`checking compatibility of ${subject}`, response);
      return { subject, compatible: response.body.is_compatible === true, newSubject: false, messages: response.body.messages ?? [] };
    },

    writerType(schemaId) {
      return cachedOnSuccess(writerTypes, schemaId, async () => {
        const response = await request('GET', `/schemas/ids/${schemaId}`);
        if (response.status === 404) throw new DecodeError('DECODE_UNKNOWN_SCHEMA_ID', `unknown schema id ${schemaId}: the registry at ${options.url} has no such schema`, { schemaId });
        if (!response.ok) throw registryFailure(`fetching schema id ${schemaId}`, response);
        const schema = response.body.schema;
        if (typeof schema !== 'string') throw new DecodeError('DECODE_UNKNOWN_SCHEMA_ID', `the registry at ${options.url} answered schema id ${schemaId} without a schema`, { schemaId });
        // Built with the project's Avro options (longs as hybrid numbers), whatever wrote the schema.
        return avroTypeFor(JSON.parse(schema) as avro.Schema);
      });
    },
  };
}

interface RegistryResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly body: { readonly id?: number; readonly schema?: string; readonly is_compatible?: boolean; readonly messages?: string[]; readonly message?: string };
}

function registryFailure(action: string, response: RegistryResponse): GlusterEventingError {
  const refused = response.status === 401 || response.status === 403 ? ' (the registry refused the credentials: check SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD)' : '';
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
