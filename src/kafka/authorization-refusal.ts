/**
 * The broker's authorization error code (`TOPIC_AUTHORIZATION_FAILED`, `CLUSTER_AUTHORIZATION_FAILED`,
 * ...) behind a kafkajs error, or undefined when the error is something else. kafkajs wraps a refusal
 * in retry errors whose `cause` chain keeps the protocol error's `type`. A refusal does not heal by
 * itself: callers report it once, as such, instead of as a connection problem.
 *
 * @example authorizationRefusal(await producer.send(batch).catch((e: unknown) => e)) // 'TOPIC_AUTHORIZATION_FAILED'
 */
export function authorizationRefusal(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  for (let current: unknown = error; typeof current === 'object' && current !== null && !seen.has(current); ) {
    seen.add(current);
    const { type, cause, originalError } = current as { type?: unknown; cause?: unknown; originalError?: unknown };
    if (typeof type === 'string' && type.endsWith('_AUTHORIZATION_FAILED')) return type;
    current = cause ?? originalError;
  }
  return undefined;
}
