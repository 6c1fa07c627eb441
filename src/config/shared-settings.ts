import { z } from 'zod';
import { ConfigError } from './config-error.js';
import { kafkaSecurityShape, resolveKafkaSecurity, type KafkaSecurity } from './kafka-security.js';
import { registrySecurityShape, resolveSchemaRegistry, type SchemaRegistrySettings } from './registry-security.js';
import { readSettingFileFromDisk, type ReadSettingFile } from './setting-file.js';

/**
 * The settings every command shares: where Kafka and the registry are, how to authenticate to them,
 * and how topics are named. Parsed once at the CLI edge from the environment (with the config file's
 * values under it, see `src/cli/context.ts`); library code receives the frozen result and never reads
 * `process.env` itself.
 */
export const DEFAULT_KAFKA_BROKERS = ['127.0.0.1:9092'] as const;
export const DEFAULT_SCHEMA_REGISTRY_URL = 'http://127.0.0.1:8081/apis/ccompat/v7';
export const DEFAULT_TOPIC_PREFIX = 'gluster';

const brokerList = z
  .string()
  .transform((raw) => raw.split(',').map((entry) => entry.trim()).filter((entry) => entry.length > 0))
  .pipe(
    z
      .array(z.string().regex(/^[^:\s]+:\d{1,5}$/, 'each broker must be host:port'))
      .min(1, 'at least one host:port'),
  );

export const sharedSettingsSchema = z.object({
  KAFKA_BROKERS: brokerList.default([...DEFAULT_KAFKA_BROKERS]),
  SCHEMA_REGISTRY_URL: z.url({ message: 'an http(s) URL such as ' + DEFAULT_SCHEMA_REGISTRY_URL }).default(DEFAULT_SCHEMA_REGISTRY_URL),
  GLUSTER_EVENTING_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" or "-"')
    .default(DEFAULT_TOPIC_PREFIX),
  GLUSTER_EVENTING_CLIENT_ID: z.string().min(1).default('gluster-eventing'),
  GLUSTER_EVENTING_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ...kafkaSecurityShape,
  ...registrySecurityShape,
});

export interface SharedSettings {
  /** Spread into `createKafkaClient({ ...settings.kafka, logger })`: TLS and SASL come along. */
  readonly kafka: { readonly brokers: readonly string[]; readonly clientId: string; readonly security: KafkaSecurity };
  /** Passed whole to `createSchemaRegistryClient(settings.schemaRegistry)`: credentials and CA come along. */
  readonly schemaRegistry: SchemaRegistrySettings;
  readonly topicPrefix: string;
  readonly logLevel: string;
  /** True when the user pointed us at an external cluster (both variables set). */
  readonly external: boolean;
}

/**
 * Validates the shared settings and reads the files they name (CA, client certificate and key,
 * password files). Secrets end up as non-enumerable properties, so logging the result shows none.
 */
export function parseSharedSettings(env: Readonly<Record<string, string | undefined>>, read: ReadSettingFile = readSettingFileFromDisk): SharedSettings {
  const parsed = parseOrThrow(sharedSettingsSchema, env);
  return Object.freeze({
    kafka: Object.freeze({
      brokers: Object.freeze([...parsed.KAFKA_BROKERS]),
      clientId: parsed.GLUSTER_EVENTING_CLIENT_ID,
      security: resolveKafkaSecurity(parsed, read),
    }),
    schemaRegistry: resolveSchemaRegistry(parsed.SCHEMA_REGISTRY_URL, parsed, read),
    topicPrefix: parsed.GLUSTER_EVENTING_TOPIC_PREFIX,
    logLevel: parsed.GLUSTER_EVENTING_LOG_LEVEL,
    external: env['KAFKA_BROKERS'] !== undefined && env['SCHEMA_REGISTRY_URL'] !== undefined,
  });
}


/** Validates `input` with `schema`; the first problem becomes one {@link ConfigError} naming the setting. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const setting = issue?.path.join('.') || '(root)';
  throw new ConfigError(setting, issue?.message ?? 'invalid value');
}
