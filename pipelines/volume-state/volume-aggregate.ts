import type { Alert, RawPropertyChange, VolumeLayout, VolumeState } from '../../src/serde/index.js';
import { sameValue } from '../../src/streams/index.js';
import {
  lastPathSegment,
  normaliseVolumeIdentity,
  readNumber,
  readString,
  readStrings,
  reconcileAlerts,
  unescapeObjectPathSegment,
  volumeStatusOf,
  withMember,
  type AlertCondition,
} from '../domain/index.js';

/**
 * What the volume pipeline remembers about one volume object path, merged from every node.
 * JSON-serialisable: it lives in a state store with a changelog.
 *
 * Merge rules:
 * - each cluster-level fact (name, id, status, brickcount, bricks) keeps the value of the newest
 *   observation from any node, so a late or stale report never overrides a newer one;
 * - each node's own latest status is kept (newer observations of that node only), to tell which
 *   nodes disagree with the cluster status;
 * - a node that removed the object no longer reports it; when none does, the volume is deleted.
 *
 * Each node's latest report is a {@link NodeReport} of its own, outside this value (the processor
 * keeps it under its own key): a report touches its node's entry and this one, so it costs the same
 * in a cluster of 3 nodes or 1,000. The nodes now reporting are the emitted state's
 * `reportingNodes` (every change of that set is a state change), shared, not copied, per record.
 */
export interface VolumeAggregate {
  readonly objectPath: string;
  readonly facts: Readonly<Record<FactName, Fact | undefined>>;
  /** Nodes whose latest report removed the object: their reports are deleted with the volume. */
  readonly absentNodes: readonly string[];
  /** Per disagreeing node: event time since when its status differs from the cluster status. */
  readonly disagreeingSince: Readonly<Record<string, number>>;
  readonly emitted: { readonly key: string; readonly state: VolumeState } | null;
  readonly openAlerts: Readonly<Record<string, Alert>>;
}

type FactName = 'name' | 'id' | 'status' | 'brickcount' | 'bricks' | LayoutFact;
/** The exporter's layout extension (`src/gluster-dbus/README.md`): a PropertiesChanged may carry any of them alone. */
type LayoutFact = 'type' | 'replicaCount' | 'arbiterCount' | 'disperseCount' | 'redundancyCount';
const COUNT_FACTS = ['replicaCount', 'arbiterCount', 'disperseCount', 'redundancyCount'] as const;
interface Fact {
  readonly value: string | number | readonly string[];
  readonly at: number;
}

/** One node's latest report of one volume. */
export interface NodeReport {
  readonly statusCode: number | null;
  readonly observedAt: number;
  readonly present: boolean;
}

/** Read access to the nodes' reports of the volume being updated. */
export interface NodeReports {
  get(nodeId: string): NodeReport | undefined;
}

export interface VolumeSettings {
  /** How long nodes may disagree (event time) before it shows in the state and raises an alert. */
  readonly disagreementGraceMs: number;
}

/** What one step produced: state records for the volumes topic (null value = tombstone) and alert records. */
export interface VolumeStep {
  readonly aggregate: VolumeAggregate | null;
  /** Node reports to write (`null`: delete), by node id. */
  readonly reports: ReadonlyMap<string, NodeReport | null>;
  readonly stateRecords: readonly { readonly key: string; readonly value: VolumeState | null }[];
  readonly alerts: readonly Alert[];
}

const FACTS: readonly FactName[] = ['name', 'id', 'status', 'brickcount', 'bricks', 'type', ...COUNT_FACTS];
const NUMBER_FACTS: ReadonlySet<FactName> = new Set(['status', 'brickcount', ...COUNT_FACTS]);

export function emptyVolumeAggregate(objectPath: string): VolumeAggregate {
  const facts = Object.fromEntries(FACTS.map((fact) => [fact, undefined])) as Record<FactName, Fact | undefined>;
  return { objectPath, facts, absentNodes: [], disagreeingSince: {}, emitted: null, openAlerts: {} };
}

/** Folds one raw Volume record into the aggregate; `streamTime` is the task's event-time clock. */
export function applyVolumeRecord(aggregate: VolumeAggregate, record: RawPropertyChange, streamTime: number, settings: VolumeSettings, reports: NodeReports): VolumeStep {
  const at = record.observedAt;
  const { nodeId } = record;
  const previousNode = reports.get(nodeId);
  const nodeIsNewer = previousNode === undefined || at >= previousNode.observedAt;
  let facts = aggregate.facts;
  let report: NodeReport | undefined;

  if (record.kind === 'REMOVED') {
    if (nodeIsNewer) report = { statusCode: previousNode?.statusCode ?? null, observedAt: at, present: false };
  } else if (record.kind !== 'HEARTBEAT') {
    facts = mergeFacts(facts, record, at);
    if (nodeIsNewer) report = { statusCode: readNumber(record.properties, 'status') ?? previousNode?.statusCode ?? null, observedAt: at, present: true };
  }
  const written = new Map<string, NodeReport | null>();
  let present = reportingNodesOf(aggregate);
  let { absentNodes } = aggregate;
  if (report !== undefined) {
    written.set(nodeId, report);
    // A node is in `present` exactly when its last report is present, in `absentNodes` when it is
    // not: its previous report says which list it is in, without a scan of a list as long as the cluster.
    if (report.present !== (previousNode?.present === true)) present = withMember(present, nodeId, report.present);
    if (report.present === (previousNode?.present === false)) absentNodes = withMember(absentNodes, nodeId, !report.present);
  }
  const reportOf = (node: string): NodeReport | undefined => written.get(node) ?? reports.get(node);
  // A change of the cluster status re-evaluates every reporting node; any other record only its own.
  const statusChanged = aggregate.facts.status?.value !== facts.status?.value;
  const evaluated = statusChanged ? [...present, nodeId] : [nodeId];
  const disagreeingSince = disagreements(aggregate.disagreeingSince, facts.status, evaluated, reportOf);
  const step = settle({ ...aggregate, facts, absentNodes, disagreeingSince }, present, Math.max(streamTime, at), at, settings);
  if (step.aggregate === null) for (const node of absentNodes) written.set(node, null);
  return { ...step, reports: written };
}

/** Re-evaluates time-dependent parts (disagreement grace) when the stream time advances without a record. */
export function tickVolume(aggregate: VolumeAggregate, streamTime: number, settings: VolumeSettings): VolumeStep {
  return { ...settle(aggregate, reportingNodesOf(aggregate), streamTime, streamTime, settings), reports: new Map() };
}

/** The nodes whose latest report has the object, sorted: the last emitted state's (see {@link VolumeAggregate}). */
function reportingNodesOf(aggregate: VolumeAggregate): readonly string[] {
  return aggregate.emitted?.state.reportingNodes ?? [];
}

/**
 * Since when each reporting node disagrees with the cluster status: the nodes in `evaluated` (always
 * the record's own, which may have stopped reporting) are looked at again (a node that starts
 * disagreeing does so from its report or the status, whichever is newer), the others keep what they
 * had: only a reporting node is ever in `before`, and only the record's node can stop reporting.
 */
function disagreements(before: Readonly<Record<string, number>>, statusFact: Fact | undefined, evaluated: readonly string[], reportOf: (nodeId: string) => NodeReport | undefined): Record<string, number> {
  const clusterStatus = typeof statusFact?.value === 'number' ? statusFact.value : null;
  const since: Record<string, number> = { ...before };
  for (const node of evaluated) {
    const report = reportOf(node);
    if (report === undefined || !report.present || clusterStatus === null || report.statusCode === null || report.statusCode === clusterStatus) {
      delete since[node];
      continue;
    }
    since[node] = before[node] ?? Math.max(report.observedAt, statusFact?.at ?? report.observedAt);
  }
  return since;
}

function mergeFacts(facts: VolumeAggregate['facts'], record: RawPropertyChange, at: number): VolumeAggregate['facts'] {
  const merged: Record<FactName, Fact | undefined> = { ...facts };
  for (const fact of FACTS) {
    const value = fact === 'bricks' ? readStrings(record.properties, fact) : NUMBER_FACTS.has(fact) ? readNumber(record.properties, fact) : readString(record.properties, fact);
    const known = merged[fact];
    if (value !== undefined && (known === undefined || at >= known.at)) merged[fact] = { value, at };
  }
  return merged;
}

function settle(aggregate: VolumeAggregate, reporting: readonly string[], streamTime: number, changeTime: number, settings: VolumeSettings): Omit<VolumeStep, 'reports'> {
  if (reporting.length === 0 && aggregate.absentNodes.length > 0) return deleted(aggregate, changeTime);

  const statusFact = aggregate.facts.status;
  const clusterStatus = typeof statusFact?.value === 'number' ? statusFact.value : null;
  const shown = Object.entries(aggregate.disagreeingSince).filter(([, since]) => streamTime - since >= settings.disagreementGraceMs);

  const identity = normaliseVolumeIdentity(factString(aggregate.facts.name), factString(aggregate.facts.id));
  const pathName = unescapeObjectPathSegment(lastPathSegment(aggregate.objectPath));
  const name = identity.name ?? pathName;
  const bricksFact = aggregate.facts.bricks?.value;
  const state: VolumeState = {
    name,
    id: identity.id ?? null,
    status: volumeStatusOf(clusterStatus ?? undefined),
    brickCount: typeof aggregate.facts.brickcount?.value === 'number' ? aggregate.facts.brickcount.value : 0,
    bricks: Array.isArray(bricksFact) ? bricksFact.map((path) => unescapeObjectPathSegment(lastPathSegment(path))) : [],
    reportingNodes: reporting,
    disagreeingNodes: shown.map(([nodeId]) => nodeId).sort(),
    nodesAgree: shown.length === 0,
    disagreeingSince: shown.length === 0 ? null : Math.min(...shown.map(([, since]) => since)),
    nameIdSwapped: identity.swapped,
    layout: layoutOf(aggregate.facts),
    // The volume-risk processor, downstream in the same task, fills it from the bricks' health.
    risk: null,
    lastChangedAt: changeTime,
  };

  const stateRecords: { key: string; value: VolumeState | null }[] = [];
  let emitted = aggregate.emitted;
  if (emitted === null || !sameState(emitted.state, state) || emitted.key !== name) {
    if (emitted !== null && emitted.key !== name) stateRecords.push({ key: emitted.key, value: null });
    stateRecords.push({ key: name, value: state });
    emitted = { key: name, state };
  }
  const current = emitted.state;
  const alerts = reconcileAlerts(aggregate.openAlerts, volumeConditions(current), changeTime);
  return { aggregate: { ...aggregate, emitted, openAlerts: alerts.open }, stateRecords, alerts: alerts.emit };
}

function deleted(aggregate: VolumeAggregate, at: number): Omit<VolumeStep, 'reports'> {
  const alerts = reconcileAlerts(aggregate.openAlerts, [], at);
  return { aggregate: null, stateRecords: aggregate.emitted === null ? [] : [{ key: aggregate.emitted.key, value: null }], alerts: alerts.emit };
}

function volumeConditions(state: VolumeState): AlertCondition[] {
  const conditions: AlertCondition[] = [];
  if (state.status === 'STOPPED') {
    conditions.push({
      type: 'VOLUME_STOPPED',
      subject: state.name,
      severity: 'WARNING',
      volume: state.name,
      message: `volume ${state.name} is stopped: its bricks serve no clients`,
      evidence: { status: state.status, reportingNodes: state.reportingNodes.join(',') },
    });
  }
  if (!state.nodesAgree) {
    conditions.push({
      type: 'VOLUME_STATUS_DISAGREEMENT',
      subject: state.name,
      severity: 'WARNING',
      volume: state.name,
      message: `nodes ${state.disagreeingNodes.join(', ')} disagree that volume ${state.name} is ${state.status}`,
      evidence: { status: state.status, disagreeingNodes: state.disagreeingNodes.join(','), since: String(state.disagreeingSince) },
    });
  }
  return conditions;
}

function sameState(left: VolumeState, right: VolumeState): boolean {
  return sameValue({ ...left, lastChangedAt: 0 }, { ...right, lastChangedAt: 0 });
}

/** The layout once every part of it was reported (aggregates written before it existed lack the facts: null). */
function layoutOf(facts: VolumeAggregate['facts']): VolumeLayout | null {
  const type = factString(facts.type);
  const counts = COUNT_FACTS.map((fact) => facts[fact]?.value);
  if (type === undefined || !counts.every((count): count is number => typeof count === 'number')) return null;
  const [replicaCount, arbiterCount, disperseCount, redundancyCount] = counts as [number, number, number, number];
  return { type, replicaCount, arbiterCount, disperseCount, redundancyCount };
}

function factString(fact: Fact | undefined): string | undefined {
  return typeof fact?.value === 'string' ? fact.value : undefined;
}
