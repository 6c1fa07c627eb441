import type { PropertyValues } from '../../dbus/index.js';

/** Interface name → property values of one object. */
export type ObjectInterfaces = Readonly<Record<string, PropertyValues>>;

/**
 * Every object the service exports, by object path, in export order: an object that references
 * others (a volume's `bricks`) comes after them, so additions run forwards and removals backwards.
 */
export type ObjectSnapshot = ReadonlyMap<string, ObjectInterfaces>;
