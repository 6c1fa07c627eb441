/**
 * Classifies kafkajs errors by their `type` / `retriable` fields (never by message text).
 * kafkajs already retries retriable errors with exponential backoff (its `retry` setting); what
 * reaches the runtime after that is either fencing (the partition moved) or fatal.
 */
const FENCED = new Set(['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED', 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED', 'INVALID_TXN_STATE']);

function field(error: unknown, name: string): unknown {
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[name] : undefined;
}

/** True when another owner of the task's transactional id has fenced this producer. */
export function isFenced(error: unknown): boolean {
  for (let current = error; current !== undefined; current = field(current, 'cause') ?? field(current, 'originalError')) {
    const type = field(current, 'type');
    if (typeof type === 'string' && FENCED.has(type)) return true;
  }
  return false;
}

export function isRetriable(error: unknown): boolean {
  return field(error, 'retriable') === true;
}
