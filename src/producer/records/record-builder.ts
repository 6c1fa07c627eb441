import type { RawPropertyChange } from '../../serde/index.js';

/** Everything of a record that the watcher knows; identity, sequence and time are added here. */
export type RecordDraft = Pick<RawPropertyChange, 'busName' | 'objectPath' | 'interface' | 'kind' | 'properties' | 'invalidated'>;

export interface RecordBuilderOptions {
  readonly nodeId: string;
  readonly glusterUuid: string | null;
  readonly sessionId: string;
  /** Epoch milliseconds; injected so tests control time. */
  readonly clock: () => number;
}

export type RecordBuilder = (draft: RecordDraft) => RawPropertyChange;

/**
 * Stamps drafts with the node's identity, the session and the next sequence number. Sequences are
 * gap-free by construction (one counter, incremented once per built record); a gap downstream can
 * therefore only mean the spool dropped records, which the producer reports.
 *
 * @example
 * const build = createRecordBuilder({ nodeId, glusterUuid: null, sessionId, clock: Date.now });
 * build({ busName: '', objectPath: '/', interface: null, kind: 'HEARTBEAT', properties: {}, invalidated: [] }).sequence; // 0
 */
export function createRecordBuilder(options: RecordBuilderOptions): RecordBuilder {
  let sequence = 0;
  return (draft) => ({
    nodeId: options.nodeId,
    glusterUuid: options.glusterUuid,
    sessionId: options.sessionId,
    sequence: sequence++,
    observedAt: options.clock(),
    ...draft,
  });
}
