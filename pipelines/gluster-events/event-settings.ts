import { z } from 'zod';

/**
 * Tunables of the event pipeline (Gluster events + the exporter's Brick `online`), validated once.
 *
 * - `dedupeWindowMs`: after a condition clears, its entity is remembered this long (event time) so a
 *   late copy of the raising event from another node (PEER_DISCONNECT arrives N−1 times) is recognised
 *   as stale and dropped instead of raising again; a raising event older than stream time minus this
 *   window is dropped as late.
 * - `splitBrainQuietMs`: Gluster has no "split-brain healed" event, and self-heal re-reports an unhealed
 *   file on every crawl (`cluster.heal-timeout`, 600 s by default); SPLIT_BRAIN resolves after this
 *   much event time without a new AFR_SPLIT_BRAIN for the subvolume (default 15 min = 1.5 crawls).
 * - `quotaQuietMs`: no event says "back under the soft limit"; QUOTA_SOFT_LIMIT_CROSSED resolves on
 *   QUOTA_REMOVE_USAGE_LIMIT for the path, QUOTA_DISABLE for the volume, or after this quiet time
 *   (default 24 h; the quota enforcer repeats the event every `alert-time` while usage stays above).
 * - `brickOfflineGraceMs`: the exporter's `online=false` must hold this long while the volume is
 *   STARTED before it counts, so the volume's and its bricks' records, which travel on different
 *   partitions, can arrive in either order after a start without a flapping BRICK_DOWN.
 */
export const eventSettingsSchema = z.object({
  dedupeWindowMs: z.number().int().min(0).default(300_000),
  splitBrainQuietMs: z.number().int().min(1_000).default(900_000),
  quotaQuietMs: z.number().int().min(1_000).default(86_400_000),
  brickOfflineGraceMs: z.number().int().min(0).default(5_000),
});

export type EventSettings = Readonly<z.output<typeof eventSettingsSchema>>;

export const DEFAULT_EVENT_SETTINGS: EventSettings = Object.freeze(eventSettingsSchema.parse({}));
