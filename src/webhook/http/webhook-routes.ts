import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../logging/index.js';
import { authorize, type WebhookAuth } from '../auth/authorize.js';
import type { EventIntake } from '../delivery/event-intake.js';
import { WebhookRequestError } from '../errors/webhook-request-error.js';
import { eventDraft } from '../events/event-record.js';
import { eventSubjectPath } from '../events/event-subject.js';
import { parseWebhookBody } from '../events/gluster-event.js';
import type { WebhookMetrics, WebhookOutcome } from '../metrics.js';

export interface WebhookRoutesOptions {
  readonly path: string;
  readonly auth: WebhookAuth;
  readonly intake: EventIntake;
  readonly metrics: WebhookMetrics;
  readonly logger: Logger;
  readonly clock: () => number;
  /** Called after each accepted event (e.g. the gluster-dbus exporter's `refreshSoon`, in one process). */
  readonly onEvent?: (event: string) => void;
}

const STATUS: Record<WebhookRequestError['code'], { status: number; outcome: WebhookOutcome }> = {
  WEBHOOK_UNAUTHORIZED: { status: 401, outcome: 'unauthorized' },
  WEBHOOK_BODY_INVALID: { status: 400, outcome: 'invalid' },
  SPOOL_OVERFLOW: { status: 503, outcome: 'spool-full' },
};

/**
 * `POST <path>`: authorize, parse, spool, answer. The body is read as text whatever its
 * Content-Type (glustereventsd's test POST is empty, which Fastify's JSON parser would refuse), and
 * parsed here so every refusal goes through one policy: {@link WebhookRequestError} → 401/400/503
 * with `{ error: reason }`, counted by outcome. Anything else is a 500 logged by Fastify; the
 * process never dies of a request.
 */
export function registerWebhookRoutes(app: FastifyInstance, options: WebhookRoutesOptions): void {
  const { intake, metrics, logger } = options;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof WebhookRequestError) {
      const { status, outcome } = STATUS[error.code];
      metrics.request(outcome);
      logger.warn({ status, reason: error.reason, remote: request.ip }, 'webhook POST refused');
      return reply.code(status).send({ error: error.reason });
    }
    // Fastify's own refusals (body too large, …) carry a 4xx statusCode; anything else is ours: 500.
    const statusCode = typeof error === 'object' && error !== null && 'statusCode' in error ? error.statusCode : undefined;
    const status = typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 ? statusCode : 500;
    logger.error({ err: error, status }, 'webhook POST failed');
    return reply.code(status).send({ error: status === 500 ? 'internal error' : String((error as Error).message) });
  });

  app.post(options.path, async (request, reply) => {
    authorize(request.headers.authorization, options.auth, options.clock());
    const body = parseWebhookBody(typeof request.body === 'string' ? request.body : '');
    if (body.kind === 'test') {
      metrics.request('test');
      return reply.code(200).send({ ok: true, test: true });
    }
    const { event } = body;
    await intake.accept(eventDraft(event), eventSubjectPath(event));
    metrics.request('accepted');
    options.onEvent?.(event.event);
    return reply.code(200).send({ ok: true });
  });

  app.get('/healthz', async () => ({ ok: true }));
}
