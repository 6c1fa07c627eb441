import dbus from 'dbus-next';
import type { Logger } from '../../logging/index.js';
import type { GlusterdStateSource } from './glusterd-state-source.js';

export interface SystemdGlusterdStateOptions {
  /** A connection to the bus systemd is on (the real system bus). */
  readonly bus: dbus.MessageBus;
  /** Default `glusterd.service`. */
  readonly unit?: string;
  readonly logger: Logger;
}

/**
 * glusterd's state as storaged read it: `org.freedesktop.systemd1.Manager.GetUnit(unit)`, then the
 * Unit's `LoadState` and `ActiveState`. GetUnit fails with NoSuchUnit for a unit systemd has not
 * loaded, which systemd itself shows as `not-found`/`inactive`; other failures (systemd gone) report
 * `not-found`/`unknown` and are logged.
 */
export function systemdGlusterdState(options: SystemdGlusterdStateOptions): GlusterdStateSource {
  const unit = options.unit ?? 'glusterd.service';
  const call = async (path: string, iface: string, member: string, signature: string, body: unknown[]): Promise<unknown> => {
    const reply = await options.bus.call(new dbus.Message({ destination: 'org.freedesktop.systemd1', path, interface: iface, member, signature, body }));
    return reply?.body[0];
  };
  const property = async (unitPath: string, name: string): Promise<string> => {
    const value = await call(unitPath, 'org.freedesktop.DBus.Properties', 'Get', 'ss', ['org.freedesktop.systemd1.Unit', name]);
    return value instanceof dbus.Variant && typeof value.value === 'string' ? value.value : 'unknown';
  };
  return async () => {
    try {
      const unitPath = String(await call('/org/freedesktop/systemd1', 'org.freedesktop.systemd1.Manager', 'GetUnit', 's', [unit]));
      return { LoadState: await property(unitPath, 'LoadState'), ActiveState: await property(unitPath, 'ActiveState') };
    } catch (error) {
      if (error instanceof dbus.DBusError && error.type === 'org.freedesktop.systemd1.NoSuchUnit') return { LoadState: 'not-found', ActiveState: 'inactive' };
      options.logger.warn({ unit, error: String(error) }, 'systemd unit state unreadable');
      return { LoadState: 'not-found', ActiveState: 'unknown' };
    }
  };
}
