import dbus from 'dbus-next';
import { sameValue } from './same-value.js';

/**
 * Exported D-Bus interfaces for the simulator and the gluster-dbus exporter. The configured dbus-next
 * class is cached per spec *object*, not per interface name, so two services in one process may
 * export the same interface name with different members or method handlers (the simulator's
 * Manager.GlusterFS has a no-op `Reload`, the real exporter's re-reads gluster).
 */

/** D-Bus signature per property name, e.g. `{ name: 's', status: 'u' }`. */
export type PropertySignatures = Readonly<Record<string, string>>;

/** Property values in dbus-next's JavaScript shapes ('t'/'x' bigint or integer, 'ay' Buffer, 'a{sv}' `{ k: Variant }`). */
export type PropertyValues = Readonly<Record<string, unknown>>;

/** A D-Bus method: it gets the call's arguments and returns the out value (or a Promise of it). */
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
 * A dbus-next service interface whose properties live in a plain record, with getters installed by
 * hand (no decorators). `update()` emits one `PropertiesChanged` carrying only the properties that
 * really changed, as udisks does.
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

type ConfiguredClass = new (spec: InterfaceSpec, values: PropertyValues) => ExportedInterface;
const classes = new WeakMap<InterfaceSpec, ConfiguredClass>();

/** Creates an exportable interface instance; the configured class is built once per spec object. */
export function createExportedInterface(spec: InterfaceSpec, values: PropertyValues): ExportedInterface {
  let Configured = classes.get(spec);
  if (Configured === undefined) {
    Configured = configuredClass(spec);
    classes.set(spec, Configured);
  }
  return new Configured(spec, values);
}

function configuredClass(spec: InterfaceSpec): ConfiguredClass {
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
