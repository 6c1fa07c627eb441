import { GlusterEventingError } from '../../errors/index.js';

export type WebhookRequestErrorCode = 'WEBHOOK_UNAUTHORIZED' | 'WEBHOOK_BODY_INVALID' | 'SPOOL_OVERFLOW';

/**
 * Why one POST was refused. The HTTP layer maps `code` to a status (401, 400, 503) and sends
 * `reason` back, so glustereventsd's log (it logs the status and body of a failed push) says why.
 * Never retriable from glustereventsd's side: it does not retry, the event is gone.
 *
 * @example throw new WebhookRequestError('WEBHOOK_BODY_INVALID', 'missing field "event"');
 */
export class WebhookRequestError extends GlusterEventingError {
  override readonly name = 'WebhookRequestError';
  declare readonly code: WebhookRequestErrorCode;
  readonly reason: string;

  constructor(code: WebhookRequestErrorCode, reason: string, options: { readonly cause?: unknown } = {}) {
    super(code, `webhook request refused: ${reason}`, options);
    this.reason = reason;
  }
}
