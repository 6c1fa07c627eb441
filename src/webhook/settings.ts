import { z } from 'zod';
import { parseOrThrow, type SharedSettings } from '../config/index.js';
import { topicNames } from '../kafka/index.js';
import type { FsyncPolicy } from '../producer/index.js';
import type { WebhookAuth } from './auth/authorize.js';

export const DEFAULT_WEBHOOK_HOST = '127.0.0.1';
export const DEFAULT_WEBHOOK_PORT = 9097;
export const DEFAULT_WEBHOOK_PATH = '/listen';
/** Not the producer's spool: one process owns a spool directory. */
export const DEFAULT_WEBHOOK_SPOOL_DIR = '/var/lib/gluster-eventing/webhook-spool';
export const TOKEN_ENV = 'GLUSTER_EVENTING_WEBHOOK_TOKEN';
export const JWT_SECRET_ENV = 'GLUSTER_EVENTING_WEBHOOK_JWT_SECRET';
const MACHINE_ID_FILE = '/etc/machine-id';

/** Everything `gluster-eventing webhook` runs with: complete, validated, frozen. */
export interface WebhookSettings {
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly auth: WebhookAuth;
  readonly nodeId: string;
  readonly spool: { readonly dir: string; readonly maxBytes: number; readonly fsync: FsyncPolicy };
  readonly topic: string;
  readonly registration: 'lookup' | 'register';
  readonly kafka: SharedSettings['kafka'];
  readonly schemaRegistryUrl: string;
  readonly flushTimeoutMs: number;
  readonly reconnect: { readonly initialMs: number; readonly maxMs: number };
}

/** The CLI's raw option strings (commander), before validation. */
export interface WebhookCliOptions {
  readonly host?: string;
  readonly port?: string;
  readonly path?: string;
  readonly token?: string;
  readonly jwtSecret?: string;
  readonly clockSkew?: string;
  readonly nodeId?: string;
  readonly spoolDir?: string;
  readonly spoolMaxBytes?: string;
  readonly fsync?: string;
  readonly topic?: string;
  readonly registerSchemas?: boolean;
  readonly flushTimeoutMs?: string;
}

const number = (name: string) => z.coerce.number({ message: `${name} must be a number` }).int();

const schema = z
  .object({
    host: z.string().min(1),
    port: number('--port').min(0).max(65535),
    path: z.string().regex(/^\/[A-Za-z0-9._~\/-]*$/, 'an absolute URL path such as /listen'),
    token: z.string().min(8, `--token / ${TOKEN_ENV}: at least 8 characters`).nullable(),
    jwtSecret: z.string().min(8, `--jwt-secret / ${JWT_SECRET_ENV}: at least 8 characters`).nullable(),
    skewSeconds: number('--clock-skew').min(0).max(600),
    nodeId: z.string({ message: `--node-id or a readable ${MACHINE_ID_FILE}` }).trim().min(1, `--node-id or a non-empty ${MACHINE_ID_FILE}`),
    spoolDir: z.string().min(1),
    spoolMaxBytes: number('--spool-max-bytes').min(64 * 1024, 'at least 64 KiB'),
    fsync: z.enum(['always', 'interval', 'never']),
    topic: z.string().regex(/^[A-Za-z0-9._-]+$/, 'a Kafka topic name'),
    flushTimeoutMs: number('--flush-timeout-ms').positive(),
  })
  .refine((value) => value.token !== null || value.jwtSecret !== null, { message: `set --token (or ${TOKEN_ENV}) and/or --jwt-secret (or ${JWT_SECRET_ENV})`, path: ['token'] });

export interface WebhookSettingsSources {
  readonly options: WebhookCliOptions;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly shared: SharedSettings;
  /** Reads a small text file, null when absent; injected so tests need no /etc. */
  readonly readTextFile: (path: string) => string | null;
}

/**
 * Validates the webhook's settings once, at the CLI edge. Secrets come from the environment by
 * preference (a command line is visible in `ps`); options win over it. At least one of token and
 * JWT secret is required: an open webhook would let anyone on the host write raw records.
 */
export function parseWebhookSettings(sources: WebhookSettingsSources): WebhookSettings {
  const { options, env, shared, readTextFile } = sources;
  const parsed = parseOrThrow(schema, {
    host: options.host ?? DEFAULT_WEBHOOK_HOST,
    port: options.port ?? DEFAULT_WEBHOOK_PORT,
    path: options.path ?? DEFAULT_WEBHOOK_PATH,
    token: options.token ?? env[TOKEN_ENV] ?? null,
    jwtSecret: options.jwtSecret ?? env[JWT_SECRET_ENV] ?? null,
    skewSeconds: options.clockSkew ?? 30,
    nodeId: options.nodeId ?? readTextFile(MACHINE_ID_FILE) ?? undefined,
    spoolDir: options.spoolDir ?? DEFAULT_WEBHOOK_SPOOL_DIR,
    spoolMaxBytes: options.spoolMaxBytes ?? 64 * 1024 * 1024,
    fsync: options.fsync ?? 'interval',
    topic: options.topic ?? topicNames(shared.topicPrefix).raw,
    flushTimeoutMs: options.flushTimeoutMs ?? 10_000,
  });
  return Object.freeze({
    host: parsed.host,
    port: parsed.port,
    path: parsed.path,
    auth: Object.freeze({ token: parsed.token, jwtSecret: parsed.jwtSecret, skewSeconds: parsed.skewSeconds }),
    nodeId: parsed.nodeId,
    spool: Object.freeze({ dir: parsed.spoolDir, maxBytes: parsed.spoolMaxBytes, fsync: parsed.fsync }),
    topic: parsed.topic,
    registration: options.registerSchemas === true ? 'register' : 'lookup',
    kafka: shared.kafka,
    schemaRegistryUrl: shared.schemaRegistry.url,
    flushTimeoutMs: parsed.flushTimeoutMs,
    reconnect: Object.freeze({ initialMs: 250, maxMs: 10_000 }),
  });
}
