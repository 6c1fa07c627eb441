import { escapeObjectPathSegment } from '../../dbus/index.js';
import type { GlusterEvent } from './gluster-event.js';

/** Prefix of every object path the webhook writes. */
export const EVENTS_PATH = '/gluster/events';

/**
 * The entity an event is about, as a key path `/gluster/events/<kind>/<escaped name>`: events of
 * one entity share a Kafka key and so keep their order. A volume wins over a brick, so a volume's
 * BRICK_CONNECTED stays ordered before its VOLUME_START (Gluster sends them in that order).
 *  - `volume` field, or `name` of a VOLUME_*, QUOTA_*, BITROT_*, SNAPSHOT_* … event: `volume/<name>`
 *  - `brick` / `brick_path` (CLIENT_*, POSIX_*): `brick/<path>`
 *  - PEER_*: `peer/<uuid, else host, else peer>`
 *  - `subvol` (AFR_*, EC_*): `subvol/<subvol>`
 *  - anything else: `event/<EVENT>` (events of one type stay in order).
 *
 * @example eventSubjectPath({ event: 'VOLUME_START', message: { name: 'testvol', force: false }, ... }) === '/gluster/events/volume/testvol'
 */
export function eventSubjectPath(event: Pick<GlusterEvent, 'event' | 'message'>): string {
  const text = (name: string): string | undefined => {
    const value = event.message[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const path = (kind: string, name: string): string => `${EVENTS_PATH}/${kind}/${escapeObjectPathSegment(name)}`;
  const volume = text('volume') ?? (VOLUME_NAMED.test(event.event) ? text('name') : undefined);
  if (volume !== undefined) return path('volume', volume);
  const brick = text('brick') ?? text('brick_path');
  if (brick !== undefined) return path('brick', brick);
  const peer = event.event.startsWith('PEER_') ? (text('uuid') ?? text('host') ?? text('peer')) : undefined;
  if (peer !== undefined) return path('peer', peer);
  const subvol = text('subvol');
  if (subvol !== undefined) return path('subvol', subvol);
  return path('event', event.event);
}

/** Event families whose `name` field is the volume name (docs table; `events/eventskeygen.py`). */
const VOLUME_NAMED = /^(VOLUME_|QUOTA_|BITROT_|GEOREP_|TIER_)/;

/** The record's own object path: one per event type, `/gluster/events/<EVENT>`. */
export function eventObjectPath(eventName: string): string {
  return `${EVENTS_PATH}/${escapeObjectPathSegment(eventName)}`;
}
