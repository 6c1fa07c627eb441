import { z } from 'zod';
import { parseOrThrow, type SharedSettings } from '../../config/index.js';
import { topicNames } from '../../kafka/index.js';
import { DEFAULT_WATCHED_SERVICES, type WatchedService } from '../watch-targets.js';
import type { FsyncPolicy } from '../spool/spool.js';
import { glusterUuidFromInfo } from './gluster-uuid.js';

export const DEFAULT_SYSTEM_BUS_ADDRESS = 'unix:path=/var/run/dbus/system_bus_socket';
export const DEFAULT_SPOOL_DIR = '/var/lib/gluster-eventing/spool';
export const DEFAULT_SPOOL_MAX_BYTES = 64 * 1024 * 1024;
export const MACHINE_ID_FILE = '/etc/machine-id';
export const GLUSTERD_INFO_FILE = '/var/lib/glusterd/glusterd.info';

/** Everything `gluster-eventing producer` runs with: complete, validated, frozen. */
export interface ProducerSettings {
  readonly busAddress: string;
  readonly nodeId: string;
  readonly glusterUuid: string | null;
  readonly spool: { readonly dir: string; readonly maxBytes: number; readonly fsync: FsyncPolicy };
  readonly topic: string;
  readonly registration: 'lookup' | 'register';
  readonly heartbeatMs: number;
  readonly services: readonly WatchedService[];
  readonly kafka: SharedSettings['kafka'];
  readonly schemaRegistryUrl: string;
  /** SIGTERM: how long to keep delivering the spool before exiting anyway (it stays on disk). */
  readonly flushTimeoutMs: number;
  readonly callTimeoutMs: number;
  readonly reconnect: { readonly initialMs: number; readonly maxMs: number };
  /** Debug: a file receiving `<sequence> <observedAt> <ackedAt>` per acknowledged record, or null (off). */
  readonly latencyLog: string | null;
  /** Where to serve Prometheus `/metrics`, or null (off: the counts are only logged each minute). */
  readonly metricsHttp: { readonly host: string; readonly port: number } | null;
}

/** The CLI's raw option strings (commander), before validation. */
export interface ProducerCliOptions {
  readonly bus?: string;
  readonly nodeId?: string;
  readonly glusterUuid?: string;
  readonly spoolDir?: string;
  readonly spoolMaxBytes?: string;
  readonly fsync?: string;
  readonly topic?: string;
  readonly registerSchemas?: boolean;
  readonly heartbeatMs?: string;
  readonly watch?: string;
  readonly flushTimeoutMs?: string;
  readonly latencyLog?: string;
  readonly metricsPort?: string;
  readonly metricsHost?: string;
}

const serviceSchema = z.object({
  busName: z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)+$/, 'a well-known bus name such as org.storaged.Storaged'),
  objectManagerPath: z.string().regex(/^\/([A-Za-z0-9_]+(\/[A-Za-z0-9_]+)*)?$/, 'a D-Bus object path'),
  interfaces: z.array(z.string().min(1)).min(1),
});

const positiveInt = (name: string) => z.coerce.number({ message: `${name} must be a number` }).int().positive();

const schema = z.object({
  busAddress: z.string().regex(/^[a-z]+:/, 'a D-Bus address such as unix:path=/run/dbus/system_bus_socket'),
  nodeId: z.string({ message: `--node-id or a readable ${MACHINE_ID_FILE}` }).trim().min(1, `--node-id or a non-empty ${MACHINE_ID_FILE}`),
  glusterUuid: z.string().uuid().nullable(),
  spoolDir: z.string().min(1),
  spoolMaxBytes: positiveInt('--spool-max-bytes').min(64 * 1024, 'at least 64 KiB'),
  fsync: z.enum(['always', 'interval', 'never']),
  topic: z.string().regex(/^[A-Za-z0-9._-]+$/, 'a Kafka topic name'),
  heartbeatMs: positiveInt('--heartbeat-ms'),
  flushTimeoutMs: positiveInt('--flush-timeout-ms'),
  services: z.array(serviceSchema).min(1),
  latencyLog: z.string().min(1).nullable(),
  metricsPort: z.coerce.number({ message: '--metrics-port must be a number' }).int().min(0).max(65_535).nullable(),
  metricsHost: z.string().min(1),
});

export interface SettingsSources {
  readonly options: ProducerCliOptions;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly shared: SharedSettings;
  /** Reads a small text file, null when absent or unreadable; injected so tests need no /etc. */
  readonly readTextFile: (path: string) => string | null;
}

/**
 * Validates the producer's settings once, at the CLI edge. Defaults: the bus from `--bus`, else the
 * standard DBUS_SYSTEM_BUS_ADDRESS, else the system socket; node id from /etc/machine-id; Gluster
 * UUID from the UUID= line of glusterd.info (null without one); the watched services from `--watch`
 * (a JSON file holding an array of {busName, objectManagerPath, interfaces}) or the defaults.
 */
export function parseProducerSettings(sources: SettingsSources): ProducerSettings {
  const { options, env, shared, readTextFile } = sources;
  let services: unknown = DEFAULT_WATCHED_SERVICES;
  if (options.watch !== undefined) {
    const text = readTextFile(options.watch);
    try {
      services = text === null ? undefined : JSON.parse(text);
    } catch {
      services = undefined;
    }
  }
  const parsed = parseOrThrow(schema, {
    busAddress: options.bus ?? env['DBUS_SYSTEM_BUS_ADDRESS'] ?? DEFAULT_SYSTEM_BUS_ADDRESS,
    nodeId: options.nodeId ?? readTextFile(MACHINE_ID_FILE) ?? undefined,
    glusterUuid: options.glusterUuid ?? glusterUuidFromInfo(readTextFile(GLUSTERD_INFO_FILE)),
    spoolDir: options.spoolDir ?? DEFAULT_SPOOL_DIR,
    spoolMaxBytes: options.spoolMaxBytes ?? DEFAULT_SPOOL_MAX_BYTES,
    fsync: options.fsync ?? 'interval',
    topic: options.topic ?? topicNames(shared.topicPrefix).raw,
    heartbeatMs: options.heartbeatMs ?? 10_000,
    flushTimeoutMs: options.flushTimeoutMs ?? 10_000,
    services,
    latencyLog: options.latencyLog ?? null,
    metricsPort: options.metricsPort ?? null,
    metricsHost: options.metricsHost ?? '127.0.0.1',
  });
  return Object.freeze({
    busAddress: parsed.busAddress,
    nodeId: parsed.nodeId,
    glusterUuid: parsed.glusterUuid,
    spool: Object.freeze({ dir: parsed.spoolDir, maxBytes: parsed.spoolMaxBytes, fsync: parsed.fsync }),
    topic: parsed.topic,
    registration: options.registerSchemas === true ? 'register' : 'lookup',
    heartbeatMs: parsed.heartbeatMs,
    services: Object.freeze(parsed.services.map((service) => Object.freeze({ ...service, interfaces: Object.freeze([...service.interfaces]) }))),
    kafka: shared.kafka,
    schemaRegistryUrl: shared.schemaRegistry.url,
    flushTimeoutMs: parsed.flushTimeoutMs,
    callTimeoutMs: 10_000,
    reconnect: Object.freeze({ initialMs: 250, maxMs: 10_000 }),
    latencyLog: parsed.latencyLog,
    metricsHttp: parsed.metricsPort === null ? null : Object.freeze({ host: parsed.metricsHost, port: parsed.metricsPort }),
  });
}
