import type { Message } from 'kafkajs';

/**
 * The messages of a failed kafkajs send that brokers did acknowledge. kafkajs reports a send as one
 * failure even when some partitions' records landed; resending those would write them again under
 * new sequence numbers, which idempotence cannot catch. Our kafkajs patch
 * (`infra/patches/kafkajs-retry-unacked-partitions.mjs`) puts the acknowledged message objects on
 * the final error; anything else (another error, an unpatched kafkajs) counts as nothing acknowledged,
 * which is the old behaviour: resend everything.
 */
export function acknowledgedMessages(error: unknown): ReadonlySet<Message> {
  const carried = typeof error === 'object' && error !== null ? (error as { acknowledgedMessages?: unknown }).acknowledgedMessages : undefined;
  return carried instanceof Set ? (carried as Set<Message>) : new Set();
}
