/**
 * Classifies kafkajs errors by their `type` / `retriable` fields (never by message text).
 * kafkajs already retries retriable errors with exponential backoff (its `retry` setting); what
 * reaches the runtime after that is either fencing (the partition moved) or fatal.
 */
const FENCED = new Set(['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED', 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED', 'INVALID_TXN_STATE']);

/** The group is rebalancing: kafkajs' runner rejoins when eachBatch lets one of these through. */
const GROUP_REBALANCE = new Set(['REBALANCE_IN_PROGRESS', 'NOT_COORDINATOR_FOR_GROUP', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID']);

function field(error: unknown, name: string): unknown {
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[name] : undefined;
}

/** Kafka's protocol codes for fencing that kafkajs 2.2.4 does not know (90 = PRODUCER_FENCED, Kafka 2.7+). */
const FENCED_CODES = new Set([90]);

/**
 * kafkajs turns an error code it does not know into type KAFKAJS_UNKNOWN_ERROR_CODE with `code: -99`,
 * and the broker's code survives only in its fixed message "Unknown error code N" (protocol/error.js).
 * Reading that message is the one place we parse text: the library leaves no typed field.
 */
function unknownProtocolCode(error: unknown): number | undefined {
  if (field(error, 'type') !== 'KAFKAJS_UNKNOWN_ERROR_CODE') return undefined;
  const match = /^Unknown error code (-?\d+)$/.exec(String(field(error, 'message')));
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** True when another owner of the task's transactional id has fenced this producer. */
export function isFenced(error: unknown): boolean {
  for (let current = error; current !== undefined; current = field(current, 'cause') ?? field(current, 'originalError')) {
    const type = field(current, 'type');
    if (typeof type === 'string' && FENCED.has(type)) return true;
    const code = unknownProtocolCode(current);
    if (code !== undefined && FENCED_CODES.has(code)) return true;
  }
  return false;
}

/** A heartbeat (or commit) learnt that the group is rebalancing; not a failure of the batch. */
export function isGroupRebalance(error: unknown): boolean {
  const type = field(error, 'type');
  return typeof type === 'string' && GROUP_REBALANCE.has(type);
}

/** Configuration or permission problems: a fresh instance would fail the same way. */
const PERMANENT = new Set(['SASL_AUTHENTICATION_FAILED', 'TOPIC_AUTHORIZATION_FAILED', 'GROUP_AUTHORIZATION_FAILED', 'CLUSTER_AUTHORIZATION_FAILED', 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED', 'UNSUPPORTED_VERSION', 'INVALID_CONFIG']);
/**
 * Node's codes for a TLS peer that cannot be trusted or spoken to (wrong CA, expired or mismatched
 * certificate, TLS against a plaintext port): kafkajs reports them as retriable connection errors,
 * but a fresh instance would meet the same certificate.
 */
export const TLS_PERMANENT_CODES: ReadonlySet<string> = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** kafkajs' names for "could not reach (the right) broker", thrown after its own retries. */
const UNREACHABLE = new Set(['KafkaJSConnectionError', 'KafkaJSConnectionClosedError', 'KafkaJSRequestTimeoutError', 'KafkaJSNumberOfRetriesExceeded', 'KafkaJSGroupCoordinatorNotFound', 'KafkaJSBrokerNotFound', 'KafkaJSMetadataNotLoaded', 'KafkaJSTopicMetadataNotLoaded', 'KafkaJSStaleTopicMetadataAssignment']);

/**
 * True when the failure anywhere in the cause chain says Kafka (or a leader, the coordinator, the
 * schema registry) was unreachable or is retriable, and nothing in it is a permanent configuration
 * or permission problem.
 */
export function isTransientOutage(error: unknown): boolean {
  let unavailable = false;
  for (let current = error; current !== undefined && current !== null; current = field(current, 'cause') ?? field(current, 'originalError')) {
    const type = field(current, 'type');
    if (typeof type === 'string' && PERMANENT.has(type)) return false;
    const name = field(current, 'name');
    if (name === 'KafkaJSSASLAuthenticationError') return false;
    const code = field(current, 'code');
    if (typeof code === 'string' && TLS_PERMANENT_CODES.has(code)) return false;
    if (field(current, 'retriable') === true || (typeof name === 'string' && UNREACHABLE.has(name))) unavailable = true;
  }
  return unavailable;
}

export function isRetriable(error: unknown): boolean {
  return field(error, 'retriable') === true;
}
