import type { RawPropertyChange } from '../../serde/index.js';
import type { AlertBook } from './alert-book.js';
import type { ExpectedNode, StateBook } from './expected-topics.js';
import { roleOf, str } from './model-properties.js';

/**
 * Nodes as the README says: a node is known from its producer's heartbeats and its glusterd object;
 * SILENT when no heartbeat came for the silence timeout (event time); GLUSTERD_DOWN while glusterd's
 * ActiveState is not `active`, NODE_SILENT while silent. Session and glusterd state are those of the
 * newest record.
 */
interface Node {
  glusterUuid: string | null;
  session: string;
  lastAt: number;
  heardAt: number;
  lastHeartbeat: number | null;
  loadState: string | null;
  activeState: string | null;
  glusterdAt: number;
}

export class NodeModel {
  private readonly nodes = new Map<string, Node>();

  constructor(
    private readonly book: StateBook<ExpectedNode>,
    private readonly alerts: AlertBook,
    private readonly silenceTimeoutMs: number,
  ) {}

  static reads(record: RawPropertyChange): boolean {
    return record.kind === 'HEARTBEAT' || roleOf(record) === 'GlusterFS.Glusterd';
  }

  apply(record: RawPropertyChange, now: number): void {
    const at = record.observedAt;
    const node = this.nodes.get(record.nodeId) ?? { glusterUuid: null, session: record.sessionId, lastAt: at, heardAt: at, lastHeartbeat: null, loadState: null, activeState: null, glusterdAt: Number.NEGATIVE_INFINITY };
    this.nodes.set(record.nodeId, node);
    node.glusterUuid = record.glusterUuid ?? node.glusterUuid;
    if (at >= node.lastAt) {
      node.session = record.sessionId;
      node.lastAt = at;
    }
    if (record.kind === 'HEARTBEAT') {
      node.lastHeartbeat = Math.max(node.lastHeartbeat ?? at, at);
      node.heardAt = node.lastHeartbeat;
    } else if (node.lastHeartbeat === null) node.heardAt = Math.max(node.heardAt, at);
    if (record.kind !== 'HEARTBEAT' && at >= node.glusterdAt) {
      node.glusterdAt = at;
      if (record.kind === 'REMOVED') {
        node.loadState = 'not-found';
        node.activeState = 'inactive';
      } else {
        node.loadState = str(record.properties, 'LoadState') ?? node.loadState;
        node.activeState = str(record.properties, 'ActiveState') ?? node.activeState;
      }
    }
    this.settle(record.nodeId, node, now);
  }

  tick(now: number): void {
    for (const [nodeId, node] of this.nodes) this.settle(nodeId, node, now);
  }

  private settle(nodeId: string, node: Node, now: number): void {
    const state: ExpectedNode = {
      nodeId,
      glusterUuid: node.glusterUuid,
      glusterdLoadState: node.loadState,
      glusterdActiveState: node.activeState,
      producerSessionId: node.session,
      liveness: now - node.heardAt > this.silenceTimeoutMs ? 'SILENT' : 'LIVE',
    };
    this.book.put(nodeId, state);
    this.alerts.set(`GLUSTERD_DOWN|${nodeId}`, state.glusterdActiveState !== null && state.glusterdActiveState !== 'active');
    this.alerts.set(`NODE_SILENT|${nodeId}`, state.liveness === 'SILENT');
  }
}
