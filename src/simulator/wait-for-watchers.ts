import { setTimeout as delay } from 'node:timers/promises';
import dbus from 'dbus-next';

const DAEMON = { destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus' } as const;

/**
 * Resolves once every bus in `busAddresses` has a client of another process (a producer) connected,
 * or when `signal` aborts. The simulator's own connections, and this probe's, are told apart by their
 * process id (a client in another PID namespace, e.g. another container, has none the daemon can name).
 * A scenario started after this misses no producer; one started on a timer misses a slow one.
 *
 * @example await waitForWatchers(cluster.nodes.map((node) => node.busAddress), abort.signal)
 */
export async function waitForWatchers(busAddresses: readonly string[], signal: AbortSignal, pollMs = 250): Promise<void> {
  for (const busAddress of busAddresses) {
    const bus = dbus.sessionBus({ busAddress });
    const call = async (member: string, signature = '', body: unknown[] = []): Promise<unknown> =>
      (await bus.call(new dbus.Message({ ...DAEMON, member, signature, body })))?.body[0];
    const foreign = async (name: string): Promise<boolean> => {
      const pid = await call('GetConnectionUnixProcessID', 's', [name]).catch(() => undefined);
      return pid !== process.pid;
    };
    try {
      for (;;) {
        if (signal.aborted) return;
        const names = ((await call('ListNames')) as string[]).filter((name) => name.startsWith(':'));
        const checks = await Promise.all(names.map(foreign));
        if (checks.some(Boolean)) break;
        await delay(pollMs, undefined, { signal }).catch(() => undefined);
      }
    } finally {
      bus.disconnect();
    }
  }
}
