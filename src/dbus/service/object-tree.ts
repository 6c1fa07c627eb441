import type dbus from 'dbus-next';
import type { ExportedInterface } from './exported-interface.js';
import { ObjectManagerInterface, type ManagedObjects } from './object-manager.js';

/**
 * The objects one service exports under one ObjectManager root, kept whether or not a bus is
 * attached. While attached, `add`/`remove` export or unexport and emit InterfacesAdded/Removed;
 * while detached (a lost node) they only change the model, and `attach` later exports the current
 * state at once, like a daemon that starts up and enumerates everything.
 *
 * `interfaces(path)` lets a service update an exported object in place.
 */
export class ObjectTree {
  readonly rootPath: string;
  private readonly objects = new Map<string, readonly ExportedInterface[]>();
  private readonly manager = new ObjectManagerInterface(() => this.managedObjects());
  private bus: dbus.MessageBus | undefined;

  constructor(rootPath: string) {
    this.rootPath = rootPath;
  }

  has(path: string): boolean {
    return this.objects.has(path);
  }

  /** The interfaces of an exported object, or undefined when the path is not exported. */
  interfaces(path: string): readonly ExportedInterface[] | undefined {
    return this.objects.get(path);
  }

  paths(): string[] {
    return [...this.objects.keys()];
  }

  /** Exports a new object (all its interfaces at once). Replaces nothing: the path must be free. */
  add(path: string, interfaces: readonly ExportedInterface[]): void {
    if (this.objects.has(path)) throw new TypeError(`object ${path} is already exported`);
    this.objects.set(path, interfaces);
    if (this.bus === undefined) return;
    for (const iface of interfaces) this.bus.export(path, iface);
    const added: ManagedObjects[string] = {};
    for (const iface of interfaces) added[iface.spec.name] = iface.variants();
    this.manager.InterfacesAdded(path, added);
  }

  remove(path: string): void {
    const interfaces = this.objects.get(path);
    if (interfaces === undefined) return;
    this.objects.delete(path);
    if (this.bus === undefined) return;
    // Without an interface argument dbus-next drops the whole object; with one, 0.10.2 does too
    // (its `interfaces.length` check is always falsy), so we never unexport interface by interface.
    unexportObject(this.bus, path);
    this.manager.InterfacesRemoved(path, interfaces.map((iface) => iface.spec.name));
  }

  managedObjects(): ManagedObjects {
    const result: ManagedObjects = {};
    for (const [path, interfaces] of this.objects) {
      const entry: ManagedObjects[string] = {};
      for (const iface of interfaces) entry[iface.spec.name] = iface.variants();
      result[path] = entry;
    }
    return result;
  }

  /** Exports the ObjectManager and every current object on `bus`, without signals. */
  attach(bus: dbus.MessageBus): void {
    this.bus = bus;
    bus.export(this.rootPath, this.manager);
    for (const [path, interfaces] of this.objects) for (const iface of interfaces) bus.export(path, iface);
  }

  /** Forgets the bus (it is gone or about to be); later changes only update the model. */
  detach(): void {
    const bus = this.bus;
    this.bus = undefined;
    if (bus === undefined) return;
    unexportObject(bus, this.rootPath);
    for (const path of this.objects.keys()) unexportObject(bus, path);
  }
}

/** dbus-next accepts `unexport(path)` (drop every interface) but its typings demand an interface. */
function unexportObject(bus: dbus.MessageBus, path: string): void {
  (bus as unknown as { unexport(path: string): void }).unexport(path);
}
