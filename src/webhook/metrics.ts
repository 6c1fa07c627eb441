import type { MetricDescriptor, MetricFactory } from '../producer/index.js';

/**
 * How each POST ended: `accepted` (record durably spooled), `test` (glustereventsd's empty
 * `webhook-test` body; nothing produced), `unauthorized` (401), `invalid` (400: not JSON, or a
 * field missing), `spool-full` (503: the record was dropped, Kafka has been away too long).
 */
export type WebhookOutcome = 'accepted' | 'test' | 'unauthorized' | 'invalid' | 'spool-full';

export const WEBHOOK_OUTCOMES: readonly WebhookOutcome[] = Object.freeze(['accepted', 'test', 'unauthorized', 'invalid', 'spool-full']);

/** Webhook-specific counters; delivery to Kafka is counted by the producer's metrics. */
export interface WebhookMetrics {
  request(outcome: WebhookOutcome): void;
}

export const WEBHOOK_REQUESTS: MetricDescriptor = Object.freeze({
  name: 'gluster_eventing_webhook_requests_total',
  type: 'counter',
  help: 'glustereventsd POSTs by outcome (accepted, test, unauthorized, invalid, spool-full).',
  labelNames: ['outcome'],
});

/** Plain counters, logged by the CLI and read by tests. */
export function createCountingWebhookMetrics(): WebhookMetrics & { readonly counts: Record<WebhookOutcome, number> } {
  const counts = Object.fromEntries(WEBHOOK_OUTCOMES.map((outcome) => [outcome, 0])) as Record<WebhookOutcome, number>;
  return { counts, request: (outcome) => void (counts[outcome] += 1) };
}

/** Backs {@link WebhookMetrics} with any metrics library (prom-client in the service layer). */
export function bindWebhookMetrics(factory: MetricFactory): WebhookMetrics {
  const requests = factory.counter(WEBHOOK_REQUESTS);
  for (const outcome of WEBHOOK_OUTCOMES) requests.inc({ outcome }, 0);
  return { request: (outcome) => requests.inc({ outcome }, 1) };
}
