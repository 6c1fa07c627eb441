import { WebhookRequestError } from '../errors/webhook-request-error.js';
import { sameSecret } from './same-secret.js';
import { verifyGlusterJwt } from './verify-jwt.js';

/** What the webhook accepts; at least one of the two is set (the settings enforce it). */
export interface WebhookAuth {
  /** The static bearer token given to `gluster-eventsapi webhook-add URL -t TOKEN`. */
  readonly token: string | null;
  /** The shared secret of `webhook-add URL --secret S` (HS256 JWTs; broken in Gluster 10.3 on Python 3). */
  readonly jwtSecret: string | null;
  readonly skewSeconds: number;
}

/**
 * Checks the `Authorization` header of one POST. The static token is compared first (constant
 * time); a bearer that is not the token but looks like a JWT is verified against the secret.
 * Throws {@link WebhookRequestError} `WEBHOOK_UNAUTHORIZED` with the reason otherwise.
 */
export function authorize(header: string | undefined, auth: WebhookAuth, now: number): void {
  if (header === undefined || header === '') throw new WebhookRequestError('WEBHOOK_UNAUTHORIZED', 'no Authorization header');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (match === null) throw new WebhookRequestError('WEBHOOK_UNAUTHORIZED', 'Authorization is not "Bearer <token>"');
  const bearer = match[1] as string;
  if (auth.token !== null && sameSecret(bearer, auth.token)) return;
  if (auth.jwtSecret !== null && bearer.split('.').length === 3) {
    const verdict = verifyGlusterJwt(bearer, { secret: auth.jwtSecret, now, skewSeconds: auth.skewSeconds });
    if (verdict.ok) return;
    throw new WebhookRequestError('WEBHOOK_UNAUTHORIZED', verdict.reason);
  }
  throw new WebhookRequestError('WEBHOOK_UNAUTHORIZED', 'bearer token does not match');
}
