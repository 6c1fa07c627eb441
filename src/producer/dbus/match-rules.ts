import type { WatchedService } from '../watch-targets.js';

/**
 * The bus-side filters for one service. Added before the first GetManagedObjects so no change can
 * fall between subscribing and reading. Raw rules with `path_namespace` cover every object at
 * once; dbus-next's proxies would need an introspection round trip per object.
 */
export function matchRules(service: WatchedService): string[] {
  const sender = `sender='${service.busName}'`;
  return [
    `type='signal',${sender},interface='org.freedesktop.DBus.Properties',member='PropertiesChanged',path_namespace='${service.objectManagerPath}'`,
    `type='signal',${sender},interface='org.freedesktop.DBus.ObjectManager',path='${service.objectManagerPath}'`,
    `type='signal',sender='org.freedesktop.DBus',interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='${service.busName}'`,
  ];
}

export const DBUS_DAEMON = { destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus' } as const;
