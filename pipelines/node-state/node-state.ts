/** TypeScript shape of schemas/node-state-value.avsc. */
export interface NodeState {
  readonly nodeId: string;
  readonly glusterUuid: string | null;
  readonly glusterdLoadState: string | null;
  readonly glusterdActiveState: string | null;
  readonly producerSessionId: string;
  readonly lastHeartbeatAt: number | null;
  readonly liveness: 'LIVE' | 'SILENT';
  readonly lastChangedAt: number;
}
