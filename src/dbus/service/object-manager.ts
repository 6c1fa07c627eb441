import dbus from 'dbus-next';
import { FREEDESKTOP } from '../interface-names.js';

/** `a{oa{sa{sv}}}`: path → interface → property → Variant. */
export type ManagedObjects = Record<string, Record<string, Record<string, dbus.Variant>>>;

/**
 * `org.freedesktop.DBus.ObjectManager`, written by hand because dbus-next has none on the service
 * side (node-dbus-next issue #17). It reads the managed objects through a callback so that it
 * never holds a copy that could go stale.
 */
export class ObjectManagerInterface extends dbus.interface.Interface {
  private readonly list: () => ManagedObjects;

  constructor(list: () => ManagedObjects) {
    super(FREEDESKTOP.objectManager);
    this.list = list;
  }

  GetManagedObjects(): ManagedObjects {
    return this.list();
  }

  /** The signal methods return the body; dbus-next's signal wrapper sends it. */
  InterfacesAdded(path: string, interfaces: ManagedObjects[string]): [string, ManagedObjects[string]] {
    return [path, interfaces];
  }

  InterfacesRemoved(path: string, interfaces: string[]): [string, string[]] {
    return [path, interfaces];
  }
}

ObjectManagerInterface.configureMembers({
  methods: { GetManagedObjects: { inSignature: '', outSignature: 'a{oa{sa{sv}}}' } },
  signals: { InterfacesAdded: { signature: 'oa{sa{sv}}' }, InterfacesRemoved: { signature: 'oas' } },
});
