import { z } from 'zod';

/** The pipelines' tunables, validated once at the service edge (see `processor` settings). */
export const pipelineSettingsSchema = z.object({
  disagreementGraceMs: z.number().int().min(0).default(30_000),
  silenceTimeoutMs: z.number().int().min(1_000).default(30_000),
  heartbeatPublishIntervalMs: z.number().int().min(0).default(60_000),
  temperatureHighCelsius: z.number().min(0).max(150).default(60),
  /** How often event-time conditions (silence, disagreement) are re-evaluated without new records. */
  punctuateEveryMs: z.number().int().min(100).default(1_000),
});

export type PipelineSettings = Readonly<z.output<typeof pipelineSettingsSchema>>;

export const DEFAULT_PIPELINE_SETTINGS: PipelineSettings = Object.freeze(pipelineSettingsSchema.parse({}));
