import { z } from 'zod';

/** The pipelines' tunables, validated once at the service edge (see `processor` settings). */
export const pipelineSettingsSchema = z.object({
  disagreementGraceMs: z.number().int().min(0).default(30_000),
  silenceTimeoutMs: z.number().int().min(1_000).default(30_000),
  heartbeatPublishIntervalMs: z.number().int().min(0).default(60_000),
  temperatureHighCelsius: z.number().min(0).max(150).default(60),
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
