import { z } from 'zod';

/** The pipelines' tunables, validated once at the service edge (see `processor` settings). */
export const pipelineSettingsSchema = z.object({
  disagreementGraceMs: z.number().int().min(0).default(30_000),
  silenceTimeoutMs: z.number().int().min(1_000).default(30_000),
  heartbeatPublishIntervalMs: z.number().int().min(0).default(60_000),
  temperatureHighCelsius: z.number().min(0).max(150).default(60),
  /**
   * DRIVE_DEGRADING (docs/drive-prediction.md): how far back a SMART counter's growth (bad sectors,
   * failing attributes, a newly failed self-test) is looked for, and kept for after it stops. udisks
   * refreshes SMART data every 10 minutes, so an hour is the shortest window with a few samples.
   */
  driveTrendWindowMs: z.number().int().min(3_600_000).max(30 * 86_400_000).default(86_400_000),
  /** The growth of SmartNumBadSectors within the window that predicts failure: the first new bad sector already does (Pinheiro et al. 2007). */
  driveBadSectorGrowth: z.number().int().min(1).default(1),
  /** The window of the sustained-temperature rule: above `temperatureHighCelsius` for `driveTemperatureSustainedRatio` of it. */
  driveTemperatureWindowMs: z.number().int().min(1_800_000).max(7 * 86_400_000).default(3_600_000),
  driveTemperatureSustainedRatio: z.number().gt(0).max(1).default(0.8),
  /** How often event-time conditions (silence, disagreement) are re-evaluated without new records. */
  punctuateEveryMs: z.number().int().min(100).default(1_000),
  /**
   * Opt-in: also write the 2015 design's per-volume topics (`<prefix><volume>`, key "status", value
   * the numeric status). Null (the default) writes none.
   */
  legacyVolumeTopicPrefix: z.string().regex(/^[A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" or "-"').nullable().default(null),
});

export type PipelineSettings = Readonly<z.output<typeof pipelineSettingsSchema>>;

export const DEFAULT_PIPELINE_SETTINGS: PipelineSettings = Object.freeze(pipelineSettingsSchema.parse({}));
