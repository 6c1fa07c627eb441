export { createKafkaStreams } from './kafka-streams.js';
export type { KafkaStreams } from './kafka-streams.js';
export { superviseStreams, type SupervisorOptions } from './supervised-streams.js';
export { COPARTITION_ASSIGNOR, copartitionAssigner, copartitionAssigners } from './copartition-assigner.js';
export { defaultReplicationFactor, internalReplication, type InternalReplication } from './internal-replication.js';
export { decodeHostInfo, describeGroupHosts, encodeHostInfo, hostsFromMembers, type StreamsHost } from './group-hosts.js';
export { DEFAULT_CACHE_MAX_ENTRIES } from './settings.js';
export { chunkBySize, MAX_SEND_BYTES } from './messages.js';
export { waitForLeaders } from './wait-for-leaders.js';
export { TLS_PERMANENT_CODES } from './kafka-errors.js';
export type { KafkaStreamsOptions, ProcessingGuarantee, StreamsSettings } from './settings.js';
/** The type of `IllegalTaskTransitionError`'s context; the state machine itself is internal. */
export type { TaskState } from './task-state.js';
