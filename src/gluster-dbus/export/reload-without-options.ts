import dbus from 'dbus-next';
import { GLUSTER_INTERFACES, GLUSTER_PATHS } from '../../dbus/index.js';

/**
 * Also answers `Reload` called with no arguments. `dbus-send` cannot build an `a{sv}` ("Unknown
 * type variant"), so the original hook line (`dbus-send --system ... Manager.GlusterFS.Reload`)
 * never matched the module's own `Reload(a{sv})`; dbus-next dispatches on name *and* signature
 * and keeps one method per name, so this is a bus-level method handler rather than a second
 * declared method, and introspection still shows only `Reload(a{sv})`. Returns the remover.
 */
export function acceptReloadWithoutOptions(bus: dbus.MessageBus, reload: () => Promise<void>): () => void {
  const handler = (message: dbus.Message): boolean => {
    const matches =
      message.path === GLUSTER_PATHS.manager &&
      message.interface === GLUSTER_INTERFACES.manager &&
      message.member === 'Reload' &&
      (message.signature ?? '') === '';
    if (!matches) return false;
    void reload().then(
      () => bus.send(dbus.Message.newMethodReturn(message, '', [])),
      // dbus-next's typings declare newError(msg: string, ...) but it takes the call Message.
      (error: unknown) => bus.send(dbus.Message.newError(message as unknown as string, 'org.storaged.Storaged.Error.Failed', String(error))),
    );
    return true;
  };
  bus.addMethodHandler(handler);
  return () => bus.removeMethodHandler(handler);
}
