import type { AvroDbusValue } from './dbus-value-codec.js';
import { fromAvroDbusValue, toAvroDbusValue } from './dbus-value-codec.js';
import type { TypedDbusValue } from './dbus-value.js';

/** TypeScript shape of schemas/raw-property-change-key.avsc. */
export interface RawPropertyChangeKey {
  readonly nodeId: string;
  readonly busName: string;
  readonly objectPath: string;
}

/** The symbols of the ChangeKind enum; EVENT (glustereventsd notifications) was added in a BACKWARD-compatible step, see the schema's doc. */
export type ChangeKind = 'SNAPSHOT' | 'CHANGED' | 'ADDED' | 'REMOVED' | 'HEARTBEAT' | 'EVENT';

/** A raw record as programs use it: properties are typed D-Bus values. */
export interface RawPropertyChange {
  readonly nodeId: string;
  readonly glusterUuid: string | null;
  readonly sessionId: string;
  readonly sequence: number;
  /** Epoch milliseconds. */
  readonly observedAt: number;
  readonly busName: string;
  readonly objectPath: string;
  readonly interface: string | null;
  readonly kind: ChangeKind;
  readonly properties: Readonly<Record<string, TypedDbusValue>>;
  readonly invalidated: readonly string[];
}

/** The same record in the Avro form of schemas/raw-property-change-value.avsc. */
export interface AvroRawPropertyChange extends Omit<RawPropertyChange, 'properties'> {
  readonly properties: Readonly<Record<string, AvroDbusValue>>;
}

export function rawToAvro(record: RawPropertyChange): AvroRawPropertyChange {
  return { ...record, properties: mapValues(record.properties, toAvroDbusValue) };
}

export function rawFromAvro(record: AvroRawPropertyChange): RawPropertyChange {
  return { ...record, sequence: Number(record.sequence), observedAt: Number(record.observedAt), properties: mapValues(record.properties, fromAvroDbusValue) };
}

// fromEntries defines own properties: a D-Bus property named "__proto__" stays a property.
function mapValues<A, B>(source: Readonly<Record<string, A>>, map: (value: A) => B): Record<string, B> {
  return Object.fromEntries(Object.entries(source).map(([name, value]) => [name, map(value)]));
}

/** Orders a node's records of one object; heartbeats use the root path and no bus name. */
export function rawKeyOf(record: Pick<RawPropertyChange, 'nodeId' | 'busName' | 'objectPath'>): RawPropertyChangeKey {
  return { nodeId: record.nodeId, busName: record.busName, objectPath: record.objectPath };
}
