import { z } from 'zod';
import { WebhookRequestError } from '../errors/webhook-request-error.js';

/**
 * One glustereventsd webhook body (`gfevents/utils.py` `publish()`): `nodeid` is the emitting
 * peer's UUID (glusterd.info), `ts` integer Unix seconds from the emitting process, `event` the
 * name without `EVENT_`, `message` the per-event fields (strings, JSON bools for force-like keys,
 * VOLUME_SET's `options` as a list of [key, value] pairs).
 */
export interface GlusterEvent {
  readonly nodeid: string;
  readonly ts: number;
  readonly event: string;
  readonly message: Readonly<Record<string, unknown>>;
}

/** A body is either an event or glustereventsd's empty `webhook-test` POST. */
export type WebhookBody = { readonly kind: 'test' } | { readonly kind: 'event'; readonly event: GlusterEvent };

const eventSchema = z.object({
  nodeid: z.string().min(1),
  ts: z.number().int().nonnegative(),
  event: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'an upper-case event name such as VOLUME_START'),
  // Not z.record: it rebuilds the object and drops a "__proto__" key, and the message is passed on
  // whole (keys are glustereventsd's, any string may occur; json-to-dbus types the values).
  message: z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'expected an object'),
});

/**
 * Parses a raw body. Empty (or blank) is the test POST; anything else must be a JSON object with
 * all four fields, or {@link WebhookRequestError} `WEBHOOK_BODY_INVALID` names the first problem.
 */
export function parseWebhookBody(body: string): WebhookBody {
  if (body.trim() === '') return { kind: 'test' };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    throw new WebhookRequestError('WEBHOOK_BODY_INVALID', `body is not JSON: ${(cause as Error).message}`, { cause });
  }
  const parsed = eventSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'body';
    throw new WebhookRequestError('WEBHOOK_BODY_INVALID', `${where}: ${issue?.message ?? 'invalid'}`);
  }
  return { kind: 'event', event: parsed.data };
}
