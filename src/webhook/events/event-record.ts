import { setOwnEntry, type RawPropertyChange, type TypedDbusValue } from '../../serde/index.js';
import type { GlusterEvent } from './gluster-event.js';
import { jsonToDbus } from './json-to-dbus.js';
import { eventObjectPath } from './event-subject.js';

export const EVENTS_BUS_NAME = 'glustereventsd';
export const EVENTS_INTERFACE = 'org.gluster.Events';

/** The fields of a raw record that come from the event; identity, session, sequence and time are stamped later. */
export type EventDraft = Pick<RawPropertyChange, 'busName' | 'objectPath' | 'interface' | 'kind' | 'properties' | 'invalidated' | 'glusterUuid'>;

/** Property names the envelope uses; a message field of the same name goes under `message.<name>`. */
const ENVELOPE = new Set(['event', 'nodeid', 'ts']);

/**
 * Maps one glustereventsd event onto the raw contract as kind EVENT: busName `glustereventsd`,
 * objectPath `/gluster/events/<EVENT>`, interface `org.gluster.Events`, glusterUuid = the event's
 * `nodeid` (the emitting peer, which need not be the node running this webhook), properties
 * `event` (s), `nodeid` (s), `ts` (x, Unix seconds as Gluster sent it) and every message field
 * typed by {@link jsonToDbus}. A field D-Bus cannot carry (JSON null) is named in `invalidated`.
 *
 * @example eventDraft({ event: 'VOLUME_STOP', nodeid: 'u', ts: 1, message: { name: 'v', force: false } }).properties.force // { signature: 'b', value: false }
 */
export function eventDraft(event: GlusterEvent): EventDraft {
  const properties: Record<string, TypedDbusValue> = {
    event: { signature: 's', value: event.event },
    nodeid: { signature: 's', value: event.nodeid },
    ts: { signature: 'x', value: BigInt(event.ts) },
  };
  const invalidated: string[] = [];
  for (const [field, value] of Object.entries(event.message)) {
    const name = ENVELOPE.has(field) ? `message.${field}` : field;
    const typed = jsonToDbus(value);
    if (typed === null) invalidated.push(name);
    else setOwnEntry(properties, name, typed);
  }
  return {
    busName: EVENTS_BUS_NAME,
    objectPath: eventObjectPath(event.event),
    interface: EVENTS_INTERFACE,
    kind: 'EVENT',
    glusterUuid: event.nodeid,
    properties,
    invalidated,
  };
}
