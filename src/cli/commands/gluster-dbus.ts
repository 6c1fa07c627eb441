import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import dbus from 'dbus-next';
import {
  createGlusterCli,
  parseGlusterDbusSettings,
  probeGlusterdState,
  startGlusterDbusService,
  systemdGlusterdState,
  type GlusterdStateSource,
} from '../../gluster-dbus/index.js';
import { cliContext } from '../context.js';

/**
 * `gluster-eventing gluster-dbus`: runs on each Gluster node as root, owns `org.storaged.Storaged`
 * on the system bus and exports the storaged glusterfs module's objects until SIGINT/SIGTERM.
 * Install infra/gluster/org.storaged.Storaged.conf (bus policy) and the Reload hook first.
 */
export function registerGlusterDbusCommand(program: Command): void {
  program
    .command('gluster-dbus')
    .description('export this Gluster node as the storaged glusterfs D-Bus API (org.storaged.Storaged), fed by the gluster CLI')
    .option('--bus <address>', 'D-Bus address to serve on (default: $DBUS_SYSTEM_BUS_ADDRESS, else the system bus)')
    .option('--poll-interval <ms>', 'fallback re-read period, 0 = off (default 30000)')
    .option('--gluster-bin <path>', 'gluster CLI binary (default gluster)')
    .option('--glusterd-workdir <dir>', 'isolated glusterd working dir; the CLI then uses <dir>/glusterd.socket')
    .option('--glusterd-sock <path>', "glusterd's unix socket (gluster --glusterd-sock; default /var/run/glusterd.socket)")
    .option('--remote-host <host>', 'reach glusterd over TCP 24007 instead (gluster --remote-host)')
    .option('--gluster-timeout <ms>', 'kill a gluster CLI call after this long (default 30000)')
    .option('--glusterd-state <source>', 'glusterd LoadState/ActiveState from: auto (systemd if running) | systemd | cli', 'auto')
    .action(async (options: Record<string, unknown>) => {
      const { logger } = cliContext('gluster-dbus');
      const settings = parseGlusterDbusSettings({
        options,
        systemBusAddress: process.env['DBUS_SYSTEM_BUS_ADDRESS'],
        systemdRunning: existsSync('/run/systemd/system'),
      });
      const cli = createGlusterCli(settings.gluster);
      // systemd is always on the real system bus, even when we serve on a private one.
      const systemdBus = settings.glusterdState === 'systemd' ? dbus.systemBus() : undefined;
      const glusterdState: GlusterdStateSource =
        systemdBus === undefined ? probeGlusterdState(cli) : systemdGlusterdState({ bus: systemdBus, logger });
      const service = await startGlusterDbusService({ busAddress: settings.busAddress, cli, glusterdState, pollIntervalMs: settings.pollIntervalMs, logger });
      await new Promise<void>((resolve) => {
        process.once('SIGTERM', () => resolve());
        process.once('SIGINT', () => resolve());
      });
      await service.stop();
      systemdBus?.disconnect();
    });
}
