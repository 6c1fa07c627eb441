import { setOwnEntry, type DbusJsValue, type TypedDbusValue } from '../../serde/index.js';
import { expectedSignature } from './known-property-types.js';

/** What dbus-next hands us for each property: a Variant (`{ signature, value }`). */
export interface VariantLike {
  readonly signature: string;
  readonly value: unknown;
}

export interface TypeMismatch {
  readonly property: string;
  readonly expected: string;
  readonly actual: string;
}

/**
 * Turns a dbus-next `{ name: Variant }` map into typed values, unchanged (dbus-next's JS shapes are
 * what the serde takes), and lists the properties whose type differs from the declared one.
 * A non-Variant entry (never produced by dbus-next for `a{sv}`) is reported with actual type `?`
 * and left out, since without a signature it cannot be recorded losslessly.
 */
export function typedProperties(interfaceName: string, variants: unknown): { properties: Record<string, TypedDbusValue>; mismatches: TypeMismatch[] } {
  const properties: Record<string, TypedDbusValue> = {};
  const mismatches: TypeMismatch[] = [];
  if (typeof variants !== 'object' || variants === null) return { properties, mismatches };
  for (const [name, variant] of Object.entries(variants)) {
    const expected = expectedSignature(interfaceName, name);
    if (!isVariant(variant)) {
      mismatches.push({ property: name, expected: expected ?? 'v', actual: '?' });
      continue;
    }
    // dbus-next builds values from the wire by their signature, so they already fit DbusJsValue.
    setOwnEntry(properties, name, { signature: variant.signature, value: variant.value as DbusJsValue });
    if (expected !== undefined && expected !== variant.signature) mismatches.push({ property: name, expected, actual: variant.signature });
  }
  return { properties, mismatches };
}

function isVariant(value: unknown): value is VariantLike {
  return typeof value === 'object' && value !== null && 'signature' in value && typeof value.signature === 'string' && 'value' in value;
}
