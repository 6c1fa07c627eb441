import type { Alert } from '../../src/serde/index.js';
import { alertIdOf, reconcileAlerts, type AlertCondition } from '../domain/index.js';
import type { EventSettings } from './event-settings.js';
import { EVENT_ALERTS, type EventAlertType, type EventSignal } from './event-signal.js';

/**
 * What the event pipeline remembers about one entity (a brick, a peer, a volume, a subvolume): the
 * conditions open on it, who reported them, and when each was last cleared. JSON-serialisable (it
 * lives in a change-logged store), so duplicates are recognised across restarts.
 *
 * Deduplication (one alert, not N−1): a condition that is already open absorbs every further raise
 * (the reporter is added to its evidence); a raise whose event time is before the condition's last
 * clear is a late copy from another node and is dropped, as is a raise older than stream time minus
 * `dedupeWindowMs` for an entity with nothing open. A cleared entity is forgotten `dedupeWindowMs` later.
 */
export interface EventEntityState {
  readonly entity: string;
  readonly open: Readonly<Record<string, OpenCondition>>;
  /** Event time of the last clear, by alert id (and `<id>#<reporter>` for per-reporter types). */
  readonly clearedAt: Readonly<Record<string, number>>;
  readonly alerts: Readonly<Record<string, Alert>>;
}

export interface OpenCondition {
  readonly type: EventAlertType;
  readonly subject: string;
  readonly volume: string | null;
  readonly brick: string | null;
  readonly since: number;
  readonly lastAt: number;
  readonly reporters: Readonly<Record<string, number>>;
  readonly evidence: Readonly<Record<string, string>>;
}

export interface EventStep {
  readonly state: EventEntityState | null;
  readonly alerts: readonly Alert[];
}

export function emptyEventEntity(entity: string): EventEntityState {
  return { entity, open: {}, clearedAt: {}, alerts: {} };
}

/** Applies one signal at the task's stream time; see {@link EventEntityState} for the dedupe rules. */
export function applySignal(state: EventEntityState, signal: EventSignal, streamTime: number, settings: EventSettings): EventStep {
  const id = alertIdOf(signal);
  const perReporter = EVENT_ALERTS[signal.type].clearedPerReporter;
  if (signal.action === 'raise') {
    const clearedAt = Math.max(state.clearedAt[id] ?? -Infinity, perReporter ? (state.clearedAt[`${id}#${signal.reporter}`] ?? -Infinity) : -Infinity);
    const nothingOpen = Object.keys(state.open).length === 0;
    if (signal.at < clearedAt || (nothingOpen && signal.at < streamTime - settings.dedupeWindowMs)) return { state, alerts: [] };
    const known = state.open[id];
    const reporters = { ...known?.reporters, [signal.reporter]: Math.max(known?.reporters[signal.reporter] ?? 0, signal.at) };
    const condition: OpenCondition = {
      type: signal.type,
      subject: signal.subject,
      volume: known?.volume ?? signal.volume ?? null,
      brick: known?.brick ?? signal.brick ?? null,
      since: Math.min(known?.since ?? signal.at, signal.at),
      lastAt: Math.max(known?.lastAt ?? signal.at, signal.at),
      reporters,
      evidence: { ...signal.evidence, ...known?.evidence, reportedBy: Object.keys(reporters).sort().join(',') },
    };
    return settle({ ...state, open: { ...state.open, [id]: condition } }, signal.at);
  }
  const open: Record<string, OpenCondition> = { ...state.open };
  const clearedAt: Record<string, number> = { ...state.clearedAt };
  for (const [openId, condition] of Object.entries(state.open)) {
    if (condition.type !== signal.type || (signal.subject !== '*' && condition.subject !== signal.subject)) continue;
    if (!perReporter) delete open[openId];
    else {
      const { [signal.reporter]: _gone, ...others } = condition.reporters;
      if (Object.keys(others).length === 0) delete open[openId];
      else open[openId] = { ...condition, reporters: others, evidence: { ...condition.evidence, reportedBy: Object.keys(others).sort().join(',') } };
    }
  }
  const clearKey = perReporter ? `${id}#${signal.reporter}` : id;
  clearedAt[clearKey] = Math.max(clearedAt[clearKey] ?? signal.at, signal.at);
  return settle({ ...state, open, clearedAt }, signal.at);
}

/**
 * Runs on the punctuation schedule: resolves the conditions Gluster never clears by event
 * (SPLIT_BRAIN, QUOTA_SOFT_LIMIT_CROSSED) after their quiet time, and forgets an entity with nothing
 * open once its last clear is older than the dedupe window (returns state null).
 */
export function tickEventEntity(state: EventEntityState, time: number, settings: EventSettings): EventStep {
  const quietMs: Partial<Record<EventAlertType, number>> = { SPLIT_BRAIN: settings.splitBrainQuietMs, QUOTA_SOFT_LIMIT_CROSSED: settings.quotaQuietMs };
  const open: Record<string, OpenCondition> = {};
  const clearedAt: Record<string, number> = {};
  for (const [id, condition] of Object.entries(state.open)) {
    const quiet = quietMs[condition.type];
    if (quiet !== undefined && time - condition.lastAt >= quiet) clearedAt[id] = condition.lastAt + quiet;
    else open[id] = condition;
  }
  for (const [id, at] of Object.entries(state.clearedAt)) if (time - at < settings.dedupeWindowMs) clearedAt[id] = Math.max(at, clearedAt[id] ?? at);
  const step = settle({ ...state, open, clearedAt }, time);
  const idle = Object.keys(open).length === 0 && Object.keys(clearedAt).length === 0 && Object.keys(step.state?.alerts ?? {}).length === 0;
  return idle ? { state: null, alerts: step.alerts } : step;
}

function settle(state: EventEntityState, at: number): EventStep {
  const conditions: AlertCondition[] = Object.values(state.open).map((condition) => ({
    type: condition.type,
    subject: condition.subject,
    severity: EVENT_ALERTS[condition.type].severity,
    ...(condition.volume === null ? {} : { volume: condition.volume }),
    ...(condition.brick === null ? {} : { brick: condition.brick }),
    message: messageOf(condition),
    evidence: condition.evidence,
  }));
  const reconciled = reconcileAlerts(state.alerts, conditions, at);
  return { state: { ...state, alerts: reconciled.open }, alerts: reconciled.emit };
}

function messageOf(condition: OpenCondition): string {
  const by = Object.keys(condition.reporters).length;
  switch (condition.type) {
    case 'BRICK_DOWN':
      return `brick ${condition.subject}${condition.volume === null ? '' : ` of volume ${condition.volume}`} is down`;
    case 'PEER_DISCONNECTED':
      return `peer ${condition.subject} is disconnected (reported by ${by} node${by === 1 ? '' : 's'})`;
    case 'QUORUM_LOST':
      return `volume ${condition.subject} lost server quorum on ${by} node${by === 1 ? '' : 's'}`;
    case 'SPLIT_BRAIN':
      return `split-brain in subvolume ${condition.subject}`;
    case 'BRICK_HEALTH_CHECK_FAILED':
      return `health check of brick ${condition.subject} failed`;
    case 'EC_MIN_BRICKS_NOT_UP':
      return `disperse subvolume ${condition.subject} has fewer than the minimum bricks up`;
    case 'QUOTA_SOFT_LIMIT_CROSSED':
      return `quota soft limit crossed on ${condition.subject}`;
  }
}
