import { z } from 'zod';
import { ConfigError, parseOrThrow } from '../config/index.js';
import { pipelineSettingsSchema, type PipelineSettings } from '../../pipelines/pipeline-settings.js';
import { DEFAULT_CACHE_MAX_ENTRIES } from '../streams/index.js';

/**
 * The processing service's settings: command-line options win over environment variables, which win
 * over defaults. Validated once; an invalid value stops the program with one line naming it.
 */
const processorSchema = z.object({
  applicationId: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" or "-"').default('gluster-eventing-processor'),
  processingGuarantee: z.enum(['exactly-once', 'at-least-once']).default('exactly-once'),
  commitIntervalMs: z.coerce.number().int().min(1).max(60_000).default(100),
  /** Per task: store changes and state-topic updates held until the commit, the last per key (0: none). */
  cacheMaxEntries: z.coerce.number().int().min(0).max(10_000_000).default(DEFAULT_CACHE_MAX_ENTRIES),
  registerSchemas: z.boolean().default(false),
  httpPort: z.coerce.number().int().min(0).max(65_535).default(8088),
  httpHost: z.string().min(1).default('127.0.0.1'),
  /**
   * A file the processor writes its local HTTP URL to once listening, and removes when it stops: how
   * the image's HEALTHCHECK finds the port, however it was configured. Unset: no file.
   */
  httpUrlFile: z.string().min(1).optional(),
  /** Where the other instances reach this one's queries; default: the URL the HTTP server listens on. */
  advertisedUrl: z
    .string()
    .url('an http:// or https:// URL, e.g. http://10.0.0.5:8088')
    .regex(/^https?:\/\//i, 'an http:// or https:// URL, e.g. http://10.0.0.5:8088')
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  shutdownTimeoutMs: z.coerce.number().int().min(100).default(30_000),
  pipelines: pipelineSettingsSchema,
});

export type ProcessorSettings = Readonly<Omit<z.output<typeof processorSchema>, 'pipelines'> & { pipelines: PipelineSettings }>;

export interface ProcessorOptionInput {
  readonly applicationId?: string;
  readonly guarantee?: string;
  readonly commitIntervalMs?: string;
  readonly registerSchemas?: boolean;
  readonly httpPort?: string;
  readonly httpHost?: string;
}

const ENV = {
  applicationId: 'GLUSTER_EVENTING_APPLICATION_ID',
  processingGuarantee: 'GLUSTER_EVENTING_PROCESSING_GUARANTEE',
  commitIntervalMs: 'GLUSTER_EVENTING_COMMIT_INTERVAL_MS',
  cacheMaxEntries: 'GLUSTER_EVENTING_CACHE_MAX_ENTRIES',
  httpPort: 'GLUSTER_EVENTING_HTTP_PORT',
  httpHost: 'GLUSTER_EVENTING_HTTP_HOST',
  httpUrlFile: 'GLUSTER_EVENTING_HTTP_URL_FILE',
  advertisedUrl: 'GLUSTER_EVENTING_ADVERTISED_URL',
  shutdownTimeoutMs: 'GLUSTER_EVENTING_SHUTDOWN_TIMEOUT_MS',
  disagreementGraceMs: 'GLUSTER_EVENTING_DISAGREEMENT_GRACE_MS',
  silenceTimeoutMs: 'GLUSTER_EVENTING_SILENCE_TIMEOUT_MS',
  heartbeatPublishIntervalMs: 'GLUSTER_EVENTING_HEARTBEAT_PUBLISH_INTERVAL_MS',
  temperatureHighCelsius: 'GLUSTER_EVENTING_TEMPERATURE_HIGH_CELSIUS',
  driveTrendWindowMs: 'GLUSTER_EVENTING_DRIVE_TREND_WINDOW_MS',
  driveBadSectorGrowth: 'GLUSTER_EVENTING_DRIVE_BAD_SECTOR_GROWTH',
  driveTemperatureWindowMs: 'GLUSTER_EVENTING_DRIVE_TEMPERATURE_WINDOW_MS',
  driveTemperatureSustainedRatio: 'GLUSTER_EVENTING_DRIVE_TEMPERATURE_SUSTAINED_RATIO',
  punctuateEveryMs: 'GLUSTER_EVENTING_PUNCTUATE_EVERY_MS',
  legacyVolumeTopicPrefix: 'GLUSTER_EVENTING_LEGACY_VOLUME_TOPIC_PREFIX',
} as const;

export function parseProcessorSettings(options: ProcessorOptionInput, env: Readonly<Record<string, string | undefined>>): ProcessorSettings {
  const number = (name: keyof typeof ENV): number | string | undefined => {
    const raw = env[ENV[name]];
    if (raw === undefined || raw === '') return undefined;
    return Number.isNaN(Number(raw)) ? raw : Number(raw);
  };
  const pick = <T>(...values: (T | undefined)[]): T | undefined => values.find((value) => value !== undefined);
  const input = {
    applicationId: pick(options.applicationId, env[ENV.applicationId]),
    processingGuarantee: pick(options.guarantee, env[ENV.processingGuarantee]),
    commitIntervalMs: pick(options.commitIntervalMs, env[ENV.commitIntervalMs]),
    cacheMaxEntries: number('cacheMaxEntries'),
    registerSchemas: options.registerSchemas,
    httpPort: pick(options.httpPort, env[ENV.httpPort]),
    httpHost: pick(options.httpHost, env[ENV.httpHost]),
    httpUrlFile: env[ENV.httpUrlFile] === '' ? undefined : env[ENV.httpUrlFile],
    advertisedUrl: env[ENV.advertisedUrl] === '' ? undefined : env[ENV.advertisedUrl],
    shutdownTimeoutMs: env[ENV.shutdownTimeoutMs],
    pipelines: {
      disagreementGraceMs: number('disagreementGraceMs'),
      silenceTimeoutMs: number('silenceTimeoutMs'),
      heartbeatPublishIntervalMs: number('heartbeatPublishIntervalMs'),
      temperatureHighCelsius: number('temperatureHighCelsius'),
      driveTrendWindowMs: number('driveTrendWindowMs'),
      driveBadSectorGrowth: number('driveBadSectorGrowth'),
      driveTemperatureWindowMs: number('driveTemperatureWindowMs'),
      driveTemperatureSustainedRatio: number('driveTemperatureSustainedRatio'),
      punctuateEveryMs: number('punctuateEveryMs'),
      legacyVolumeTopicPrefix: env[ENV.legacyVolumeTopicPrefix] ?? null,
    },
  };
  let parsed: z.output<typeof processorSchema>;
  try {
    parsed = parseOrThrow(processorSchema, JSON.parse(JSON.stringify(input)) as unknown);
  } catch (error) {
    // Name the setting the way the user set it: the environment variable (options share its meaning).
    if (error instanceof ConfigError) {
      const field = error.setting.split('.').at(-1) as keyof typeof ENV | undefined;
      if (field !== undefined && field in ENV) throw new ConfigError(ENV[field], error.message.replace(/^invalid setting [^:]+: /, ''));
    }
    throw error;
  }
  return Object.freeze({ ...parsed, pipelines: Object.freeze(parsed.pipelines) });
}

/** Environment variable names, for the README's settings table and error messages. */
export const PROCESSOR_ENVIRONMENT = ENV;
