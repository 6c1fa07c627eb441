/** TypeScript shape of schemas/alert-value.avsc. */
export type AlertType =
  | 'BRICK_ON_FAILING_DRIVE'
  | 'DRIVE_SMART_FAILING'
  | 'DRIVE_TEMPERATURE_HIGH'
  | 'VOLUME_STOPPED'
  | 'GLUSTERD_DOWN'
  | 'NODE_SILENT'
  | 'VOLUME_STATUS_DISAGREEMENT'
  | 'BRICK_DOWN'
  | 'PEER_DISCONNECTED'
  | 'QUORUM_LOST'
  | 'SPLIT_BRAIN'
  | 'BRICK_HEALTH_CHECK_FAILED'
  | 'EC_MIN_BRICKS_NOT_UP'
  | 'QUOTA_SOFT_LIMIT_CROSSED';

export type Severity = 'CRITICAL' | 'WARNING' | 'INFO';

export interface Alert {
  readonly alertId: string;
  readonly type: AlertType;
  readonly state: 'RAISED' | 'RESOLVED';
  readonly severity: Severity;
  readonly volume: string | null;
  readonly brick: string | null;
  readonly nodeId: string | null;
  readonly drive: string | null;
  readonly message: string;
  readonly evidence: Readonly<Record<string, string>>;
  readonly raisedAt: number;
  readonly resolvedAt: number | null;
}

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
