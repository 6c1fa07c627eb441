import type { AlertType, Severity } from '../../src/serde/index.js';

/** The alert types this pipeline owns. */
export type EventAlertType = Extract<
  AlertType,
  'BRICK_DOWN' | 'PEER_DISCONNECTED' | 'QUORUM_LOST' | 'SPLIT_BRAIN' | 'BRICK_HEALTH_CHECK_FAILED' | 'EC_MIN_BRICKS_NOT_UP' | 'QUOTA_SOFT_LIMIT_CROSSED'
>;

/**
 * One piece of evidence about one condition, taken from a Gluster event or from the exporter's Brick
 * `online` property. Signals are keyed by `entity` (`brick:<host:/path>`, `peer:<uuid>`,
 * `volume:<name>`, `subvol:<name>`) so the copies N nodes send meet in one task and one state.
 *
 * - `raise`: the condition holds, as seen by `reporter` (the emitting peer's UUID, or `gluster-dbus`);
 * - `clear`: it no longer holds; `subject: '*'` clears every condition of that type on the entity
 *   (QUOTA_DISABLE clears the soft-limit alerts of all paths of the volume).
 */
export interface EventSignal {
  readonly entity: string;
  readonly type: EventAlertType;
  /** Alert id is `<type>|<subject>`. */
  readonly subject: string;
  readonly action: 'raise' | 'clear';
  readonly reporter: string;
  /** Event time in epoch ms: the emitter's `ts` for events, the observation time for D-Bus. */
  readonly at: number;
  /** What produced it: the event name, or `Brick.online`. */
  readonly source: string;
  readonly volume?: string;
  readonly brick?: string;
  readonly evidence: Readonly<Record<string, string>>;
}

/** What each type means to an operator, and whether a clear from one reporter ends it for all. */
export const EVENT_ALERTS: Readonly<Record<EventAlertType, { readonly severity: Severity; readonly clearedPerReporter: boolean }>> = {
  BRICK_DOWN: { severity: 'CRITICAL', clearedPerReporter: false },
  PEER_DISCONNECTED: { severity: 'CRITICAL', clearedPerReporter: false },
  // Server quorum is each glusterd's own view: the volume has quorum again only when every node that
  // lost it says so.
  QUORUM_LOST: { severity: 'CRITICAL', clearedPerReporter: true },
  SPLIT_BRAIN: { severity: 'CRITICAL', clearedPerReporter: false },
  BRICK_HEALTH_CHECK_FAILED: { severity: 'CRITICAL', clearedPerReporter: false },
  EC_MIN_BRICKS_NOT_UP: { severity: 'CRITICAL', clearedPerReporter: false },
  QUOTA_SOFT_LIMIT_CROSSED: { severity: 'WARNING', clearedPerReporter: false },
};
