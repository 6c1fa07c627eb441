/**
 * The glustereventsd webhook: a thin HTTP producer. glustereventsd POSTs each Gluster event here;
 * it becomes a raw record of kind EVENT, durably spooled before the 200, delivered to the raw topic
 * by the producer's machinery. See README.md for deployment on a Gluster node.
 */
export { startWebhook } from './run-webhook.js';
export type { RunningWebhook, StartWebhookOptions } from './run-webhook.js';
export { parseWebhookSettings, DEFAULT_WEBHOOK_HOST, DEFAULT_WEBHOOK_PATH, DEFAULT_WEBHOOK_PORT, DEFAULT_WEBHOOK_SPOOL_DIR, JWT_SECRET_ENV, TOKEN_ENV } from './settings.js';
export type { WebhookCliOptions, WebhookSettings, WebhookSettingsSources } from './settings.js';
export { authorize } from './auth/authorize.js';
export type { WebhookAuth } from './auth/authorize.js';
export { verifyGlusterJwt } from './auth/verify-jwt.js';
export type { GlusterJwtClaims, JwtCheck } from './auth/verify-jwt.js';
export { parseWebhookBody } from './events/gluster-event.js';
export type { GlusterEvent, WebhookBody } from './events/gluster-event.js';
export { eventDraft, EVENTS_BUS_NAME, EVENTS_INTERFACE } from './events/event-record.js';
export type { EventDraft } from './events/event-record.js';
export { eventObjectPath, eventSubjectPath, EVENTS_PATH } from './events/event-subject.js';
export { jsonToDbus } from './events/json-to-dbus.js';
export { bindWebhookMetrics, createCountingWebhookMetrics, WEBHOOK_OUTCOMES, WEBHOOK_REQUESTS } from './metrics.js';
export type { WebhookMetrics, WebhookOutcome } from './metrics.js';
export { WebhookRequestError } from './errors/webhook-request-error.js';
export type { WebhookRequestErrorCode } from './errors/webhook-request-error.js';
