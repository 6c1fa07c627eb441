/**
 * D-Bus values in JavaScript, in the shapes dbus-next uses, so that what a producer reads off the bus
 * goes into the codec unchanged and what a consumer decodes looks the same:
 * `b` boolean; `y n q i u h d` number; `x t` bigint; `s o g` string; `ay` Buffer; other arrays and
 * structs arrays; dicts plain objects (keys as strings; the signature restores their type);
 * variants `{ signature, value }`.
 */
export type DbusJsValue =
  | boolean
  | number
  | bigint
  | string
  | Buffer
  | readonly DbusJsValue[]
  | DbusVariantValue
  | { readonly [key: string]: DbusJsValue };

export interface DbusVariantValue {
  readonly signature: string;
  readonly value: DbusJsValue;
}

/** A value with its complete D-Bus signature: what a property holds. */
export interface TypedDbusValue {
  readonly signature: string;
  readonly value: DbusJsValue;
}
