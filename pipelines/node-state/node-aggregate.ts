import type { Alert, NodeState, RawPropertyChange } from '../../src/serde/index.js';
import { interfaceRole, readString, reconcileAlerts, type AlertCondition } from '../domain/index.js';
import { sameValue } from '../../src/streams/index.js';

/**
 * One node as its producer shows it: session, heartbeats, glusterd's unit state. Liveness is judged
 * in event time: SILENT once the task's stream time is more than `silenceTimeoutMs` past the last
 * heartbeat (the runtime advances stream time on records and on its punctuation ticks).
 *
 * To keep the compacted topic quiet, a heartbeat alone rewrites the state at most every
 * `heartbeatPublishIntervalMs`; any other change is written at once.
 */
export interface NodeAggregate {
  readonly nodeId: string;
  readonly glusterUuid: string | null;
  readonly sessionId: string;
  readonly lastHeartbeatAt: number | null;
  readonly lastSeenAt: number;
  readonly loadState: string | null;
  readonly activeState: string | null;
  readonly glusterdAt: number;
  readonly emitted: NodeState | null;
  readonly openAlerts: Readonly<Record<string, Alert>>;
}

export interface NodeSettings {
  readonly silenceTimeoutMs: number;
  readonly heartbeatPublishIntervalMs: number;
}

export interface NodeStep {
  readonly aggregate: NodeAggregate;
  readonly state: NodeState | null;
  readonly alerts: readonly Alert[];
}

export function emptyNodeAggregate(nodeId: string): NodeAggregate {
  return { nodeId, glusterUuid: null, sessionId: '', lastHeartbeatAt: null, lastSeenAt: 0, loadState: null, activeState: null, glusterdAt: 0, emitted: null, openAlerts: {} };
}

/** The records the node pipeline reads: heartbeats and the glusterd object. */
export function isNodeRecord(record: RawPropertyChange): boolean {
  return record.kind === 'HEARTBEAT' || interfaceRole(record.interface) === 'GlusterFS.Glusterd';
}

export function applyNodeRecord(aggregate: NodeAggregate, record: RawPropertyChange, streamTime: number, settings: NodeSettings): NodeStep {
  const at = record.observedAt;
  let next: NodeAggregate = {
    ...aggregate,
    glusterUuid: record.glusterUuid ?? aggregate.glusterUuid,
    sessionId: at >= aggregate.lastSeenAt ? record.sessionId : aggregate.sessionId,
    lastSeenAt: Math.max(aggregate.lastSeenAt, at),
  };
  if (record.kind === 'HEARTBEAT') next = { ...next, lastHeartbeatAt: Math.max(aggregate.lastHeartbeatAt ?? 0, at) };
  if (interfaceRole(record.interface) === 'GlusterFS.Glusterd' && at >= aggregate.glusterdAt) {
    next =
      record.kind === 'REMOVED'
        ? { ...next, loadState: 'not-found', activeState: 'inactive', glusterdAt: at }
        : {
            ...next,
            loadState: readString(record.properties, 'LoadState') ?? next.loadState,
            activeState: readString(record.properties, 'ActiveState') ?? next.activeState,
            glusterdAt: at,
          };
  }
  return settle(next, Math.max(streamTime, at), at, settings);
}

export function tickNode(aggregate: NodeAggregate, streamTime: number, settings: NodeSettings): NodeStep {
  return settle(aggregate, streamTime, streamTime, settings);
}

function settle(aggregate: NodeAggregate, streamTime: number, at: number, settings: NodeSettings): NodeStep {
  const heardAt = aggregate.lastHeartbeatAt ?? aggregate.lastSeenAt;
  const liveness = streamTime - heardAt > settings.silenceTimeoutMs ? 'SILENT' : 'LIVE';
  const state: NodeState = {
    nodeId: aggregate.nodeId,
    glusterUuid: aggregate.glusterUuid,
    glusterdLoadState: aggregate.loadState,
    glusterdActiveState: aggregate.activeState,
    producerSessionId: aggregate.sessionId,
    lastHeartbeatAt: aggregate.lastHeartbeatAt,
    liveness,
    lastChangedAt: at,
  };
  const previous = aggregate.emitted;
  const significant = previous === null || !sameValue({ ...previous, lastHeartbeatAt: 0, lastChangedAt: 0 }, { ...state, lastHeartbeatAt: 0, lastChangedAt: 0 });
  const heartbeatDue = previous !== null && state.lastHeartbeatAt !== null && state.lastHeartbeatAt - (previous.lastHeartbeatAt ?? 0) >= settings.heartbeatPublishIntervalMs;
  const emit = significant || heartbeatDue ? state : null;
  const current = emit ?? previous ?? state;
  const alerts = reconcileAlerts(aggregate.openAlerts, nodeConditions(current, settings), at);
  return { aggregate: { ...aggregate, emitted: current, openAlerts: alerts.open }, state: emit, alerts: alerts.emit };
}

function nodeConditions(state: NodeState, settings: NodeSettings): AlertCondition[] {
  const conditions: AlertCondition[] = [];
  if (state.glusterdActiveState !== null && state.glusterdActiveState !== 'active') {
    conditions.push({
      type: 'GLUSTERD_DOWN',
      subject: state.nodeId,
      severity: 'CRITICAL',
      nodeId: state.nodeId,
      message: `glusterd on node ${state.nodeId} is ${state.glusterdActiveState} (LoadState ${state.glusterdLoadState ?? 'unknown'})`,
      evidence: { ActiveState: state.glusterdActiveState, LoadState: state.glusterdLoadState ?? '' },
    });
  }
  if (state.liveness === 'SILENT') {
    conditions.push({
      type: 'NODE_SILENT',
      subject: state.nodeId,
      severity: 'CRITICAL',
      nodeId: state.nodeId,
      message: `node ${state.nodeId} has sent no heartbeat for more than ${Math.round(settings.silenceTimeoutMs / 1000)} s`,
      evidence: { lastHeartbeatAt: state.lastHeartbeatAt === null ? 'never' : new Date(state.lastHeartbeatAt).toISOString(), producerSessionId: state.producerSessionId },
    });
  }
  return conditions;
}
