import dbus from 'dbus-next';

const { Message, Variant } = dbus;
type Variant = InstanceType<typeof Variant>;
type Objects = Map<string, Map<string, Record<string, Variant>>>;

export const BUS_NAME = 'org.storaged.Storaged';
export const OM_PATH = '/org/storaged/Storaged';
export const VOLUME = 'org.storaged.Storaged.GlusterFS.Volume';
export const volumePath = (name: string): string => `${OM_PATH}/glusterfs/volume/${name}`;

/**
 * A scriptable stand-in for storaged's glusterfs module, written with raw messages so tests can
 * also misbehave (wrong types, slow or failing GetManagedObjects) in ways a real service would.
 */
export interface FakeStoraged {
  readonly objects: Objects;
  /** 'ok', an error reply, or a reply delayed by this many ms. */
  getManagedObjects: 'ok' | 'error' | number;
  set(path: string, iface: string, changed: Record<string, Variant>, invalidated?: string[]): void;
  add(path: string, interfaces: Record<string, Record<string, Variant>>): void;
  remove(path: string): void;
  stop(): void;
}

export async function startFakeStoraged(address: string, initial: Record<string, Record<string, Record<string, Variant>>> = {}): Promise<FakeStoraged> {
  const bus = dbus.sessionBus({ busAddress: address });
  bus.on('error', () => undefined);
  const objects: Objects = new Map(Object.entries(initial).map(([path, ifaces]) => [path, new Map(Object.entries(ifaces))]));
  const plain = (): Record<string, Record<string, Record<string, Variant>>> =>
    Object.fromEntries([...objects].map(([path, ifaces]) => [path, Object.fromEntries(ifaces)]));
  const fake: FakeStoraged = {
    objects,
    getManagedObjects: 'ok',
    set(path, iface, changed, invalidated = []) {
      const props = objects.get(path)?.get(iface);
      if (props !== undefined) Object.assign(props, changed);
      bus.send(Message.newSignal(path, 'org.freedesktop.DBus.Properties', 'PropertiesChanged', 'sa{sv}as', [iface, invalidated.length > 0 ? Object.fromEntries(Object.entries(changed).filter(([n]) => !invalidated.includes(n))) : changed, invalidated]));
    },
    add(path, interfaces) {
      objects.set(path, new Map(Object.entries(interfaces)));
      bus.send(Message.newSignal(OM_PATH, 'org.freedesktop.DBus.ObjectManager', 'InterfacesAdded', 'oa{sa{sv}}', [path, interfaces]));
    },
    remove(path) {
      const ifaces = [...(objects.get(path)?.keys() ?? [])];
      objects.delete(path);
      bus.send(Message.newSignal(OM_PATH, 'org.freedesktop.DBus.ObjectManager', 'InterfacesRemoved', 'oas', [path, ifaces]));
    },
    stop() {
      bus.disconnect();
    },
  };
  bus.addMethodHandler((msg: InstanceType<typeof Message>) => {
    if (msg.interface === 'org.freedesktop.DBus.ObjectManager' && msg.member === 'GetManagedObjects') {
      const mode = fake.getManagedObjects;
      if (mode === 'error') bus.send(Message.newError(msg as unknown as string, 'org.storaged.Storaged.Error.Failed', 'gluster volume info failed'));
      else {
        const reply = Message.newMethodReturn(msg, 'a{oa{sa{sv}}}', [plain()]);
        if (mode === 'ok') bus.send(reply);
        else setTimeout(() => bus.send(reply), mode);
      }
      return true;
    }
    if (msg.interface === 'org.freedesktop.DBus.Properties' && msg.member === 'Get') {
      const [iface, name] = msg.body as [string, string];
      const value = objects.get(msg.path)?.get(iface)?.[name];
      bus.send(value === undefined ? Message.newError(msg as unknown as string, 'org.freedesktop.DBus.Error.InvalidArgs', 'no such property') : Message.newMethodReturn(msg, 'v', [value]));
      return true;
    }
    return false;
  });
  await bus.requestName(BUS_NAME, 0);
  return fake;
}

export const volume = (name: string, status: number): Record<string, Variant> => ({
  name: new Variant('s', name),
  id: new Variant('s', `${name}-id`),
  status: new Variant('u', status),
  brickcount: new Variant('u', 1),
  bricks: new Variant('ao', [`${OM_PATH}/glusterfs/brick/srv1_3a_2fbricks_2f${name}`]),
});
