import type { Alert, AlertType, Severity } from '../../src/serde/index.js';

/** A condition that holds right now for one entity; its id makes "one alert per condition". */
export interface AlertCondition {
  readonly type: AlertType;
  /** What the condition is about, e.g. the brick name; the alert id is `<type>|<subject>`. */
  readonly subject: string;
  readonly severity: Severity;
  readonly volume?: string;
  readonly brick?: string;
  readonly nodeId?: string;
  readonly drive?: string;
  readonly message: string;
  readonly evidence: Readonly<Record<string, string>>;
}

export function alertIdOf(condition: Pick<AlertCondition, 'type' | 'subject'>): string {
  return `${condition.type}|${condition.subject}`;
}

/**
 * Compares the conditions that hold now with the alerts already open for an entity: a new condition
 * raises, a vanished one resolves, one that still holds emits nothing (however often its evidence
 * repeats). Returns the records to emit and the alerts that stay open.
 */
export function reconcileAlerts(
  open: Readonly<Record<string, Alert>>,
  conditions: readonly AlertCondition[],
  at: number,
): { readonly emit: Alert[]; readonly open: Record<string, Alert> } {
  const emit: Alert[] = [];
  const stillOpen: Record<string, Alert> = {};
  const current = new Map(conditions.map((condition) => [alertIdOf(condition), condition]));
  for (const [alertId, condition] of current) {
    const existing = open[alertId];
    if (existing !== undefined) {
      stillOpen[alertId] = existing;
      continue;
    }
    const raised: Alert = {
      alertId,
      type: condition.type,
      state: 'RAISED',
      severity: condition.severity,
      volume: condition.volume ?? null,
      brick: condition.brick ?? null,
      nodeId: condition.nodeId ?? null,
      drive: condition.drive ?? null,
      message: condition.message,
      evidence: condition.evidence,
      raisedAt: at,
      resolvedAt: null,
    };
    stillOpen[alertId] = raised;
    emit.push(raised);
  }
  for (const [alertId, alert] of Object.entries(open)) {
    if (!current.has(alertId)) emit.push({ ...alert, state: 'RESOLVED', resolvedAt: at, message: `resolved: ${alert.message}` });
  }
  return { emit, open: stillOpen };
}
