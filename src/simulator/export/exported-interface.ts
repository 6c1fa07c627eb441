import dbus from 'dbus-next';
import { sameValue } from './same-value.js';

/** D-Bus signature per property name, e.g. `{ SmartFailing: 'b', SmartTemperature: 'd' }`. */
export type PropertySignatures = Readonly<Record<string, string>>;

/** Property values in dbus-next's JavaScript shapes ('t'/'x' bigint or integer, 'ay' Buffer, 'a{sv}' `{ k: Variant }`). */
export type PropertyValues = Readonly<Record<string, unknown>>;

/** A D-Bus method implemented by the simulator; it gets the call's arguments and returns the out value. */
export interface MethodSpec {
  readonly inSignature: string;
  readonly outSignature: string;
  readonly handler: (...args: unknown[]) => unknown;
}

/** One D-Bus interface: its full name, its read-only properties and optional methods. */
export interface InterfaceSpec {
  readonly name: string;
  readonly properties: PropertySignatures;
  readonly methods?: Readonly<Record<string, MethodSpec>>;
}

/**
 * A dbus-next service interface whose properties live in a plain record. One class is configured
 * per spec (dbus-next keeps member tables on the prototype), and getters are installed by hand
 * because the project compiles without decorators.
 *
 * `update()` compares against the current values and emits one `PropertiesChanged` that carries
 * only the properties that really changed, as udisks does; nothing is introspected per change, so
 * thousands of updates per second cost one marshalled signal each.
 */
export class ExportedInterface extends dbus.interface.Interface {
  readonly spec: InterfaceSpec;
  private readonly values: Record<string, unknown>;

  constructor(spec: InterfaceSpec, values: PropertyValues) {
    super(spec.name);
    this.spec = spec;
    this.values = { ...values };
    for (const property of Object.keys(spec.properties)) {
      if (this.values[property] === undefined) throw new TypeError(`${spec.name}.${property} has no initial value`);
    }
  }

  /** Current value of one property. */
  get(property: string): unknown {
    return this.values[property];
  }

  /** Applies the changes; returns the names that changed (empty: nothing was emitted). */
  update(changes: PropertyValues): string[] {
    const changed: Record<string, unknown> = {};
    for (const [property, value] of Object.entries(changes)) {
      if (this.spec.properties[property] === undefined) throw new TypeError(`${this.spec.name} has no property ${property}`);
      if (sameValue(this.values[property], value)) continue;
      this.values[property] = value;
      changed[property] = value;
    }
    const names = Object.keys(changed);
    if (names.length > 0) dbus.interface.Interface.emitPropertiesChanged(this, changed, []);
    return names;
  }

  /** All properties as `{ name: Variant }`, the `a{sv}` of GetManagedObjects and InterfacesAdded. */
  variants(): Record<string, dbus.Variant> {
    const result: Record<string, dbus.Variant> = {};
    for (const [property, signature] of Object.entries(this.spec.properties)) {
      result[property] = new dbus.Variant(signature, this.values[property]);
    }
    return result;
  }
}

const classes = new Map<string, new (spec: InterfaceSpec, values: PropertyValues) => ExportedInterface>();

/** Creates an exportable interface instance; the configured class is built once per interface name. */
export function createExportedInterface(spec: InterfaceSpec, values: PropertyValues): ExportedInterface {
  let Configured = classes.get(spec.name);
  if (Configured === undefined) {
    Configured = configuredClass(spec);
    classes.set(spec.name, Configured);
  }
  return new Configured(spec, values);
}

function configuredClass(spec: InterfaceSpec): new (spec: InterfaceSpec, values: PropertyValues) => ExportedInterface {
  class Configured extends ExportedInterface {}
  const prototype = Configured.prototype as unknown as Record<string, unknown>;
  for (const property of Object.keys(spec.properties)) {
    Object.defineProperty(Configured.prototype, property, {
      get(this: ExportedInterface) {
        return this.get(property);
      },
    });
  }
  const methods: Record<string, { inSignature: string; outSignature: string }> = {};
  for (const [method, methodSpec] of Object.entries(spec.methods ?? {})) {
    prototype[method] = methodSpec.handler;
    methods[method] = { inSignature: methodSpec.inSignature, outSignature: methodSpec.outSignature };
  }
  const properties: Record<string, { signature: string; access: 'read' }> = {};
  for (const [property, signature] of Object.entries(spec.properties)) properties[property] = { signature, access: 'read' };
  Configured.configureMembers({ properties, methods });
  return Configured;
}
