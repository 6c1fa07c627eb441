import { join } from 'node:path';
import { z } from 'zod';
import { parseOrThrow } from '../config/index.js';

/** How glusterd's LoadState/ActiveState are read: systemd's unit, or whether glusterd answers the CLI. */
export type GlusterdStateMode = 'systemd' | 'cli';

/** Validated, frozen settings of `gluster-eventing gluster-dbus`. */
export interface GlusterDbusSettings {
  /** undefined = the system bus. */
  readonly busAddress: string | undefined;
  readonly pollIntervalMs: number;
  readonly gluster: { readonly executable: string; readonly socketPath?: string; readonly remoteHost?: string; readonly timeoutMs: number };
  readonly glusterdState: GlusterdStateMode;
}

export const DEFAULT_POLL_INTERVAL_MS = 30_000;

const milliseconds = z.coerce.number().int('whole milliseconds').min(0, '0 (off) or more');

const schema = z.object({
  bus: z.string().regex(/^[a-z]+:/, 'a D-Bus address such as unix:path=/run/dbus/system_bus_socket').optional(),
  pollInterval: milliseconds.default(DEFAULT_POLL_INTERVAL_MS),
  glusterBin: z.string().min(1).default('gluster'),
  glusterdWorkdir: z.string().min(1).optional(),
  glusterdSock: z.string().min(1).optional(),
  remoteHost: z.string().min(1).optional(),
  glusterTimeout: milliseconds.min(1, 'at least 1 ms').default(30_000),
  glusterdState: z.enum(['auto', 'systemd', 'cli']).default('auto'),
});

export interface GlusterDbusSettingsInput {
  /** Commander's options object (strings as typed). */
  readonly options: Readonly<Record<string, unknown>>;
  /** `DBUS_SYSTEM_BUS_ADDRESS`, the default of `--bus`. */
  readonly systemBusAddress: string | undefined;
  /** Whether systemd is PID 1 (`/run/systemd/system` exists); decides `--glusterd-state auto`. */
  readonly systemdRunning: boolean;
}

/**
 * Parses the CLI options once. `--glusterd-workdir DIR` is shorthand for `--glusterd-sock
 * DIR/glusterd.socket`: the `gluster` CLI has no working-directory option, it reaches glusterd
 * through a unix socket, which an isolated glusterd must be told to put elsewhere
 * (`--xlator-option '*.glusterd-sockfile=DIR/glusterd.socket'`).
 */
export function parseGlusterDbusSettings(input: GlusterDbusSettingsInput): GlusterDbusSettings {
  const parsed = parseOrThrow(schema, input.options);
  const socketPath = parsed.glusterdSock ?? (parsed.glusterdWorkdir === undefined ? undefined : join(parsed.glusterdWorkdir, 'glusterd.socket'));
  return Object.freeze({
    busAddress: parsed.bus ?? input.systemBusAddress,
    pollIntervalMs: parsed.pollInterval,
    gluster: Object.freeze({
      executable: parsed.glusterBin,
      timeoutMs: parsed.glusterTimeout,
      ...(socketPath === undefined ? {} : { socketPath }),
      ...(parsed.remoteHost === undefined ? {} : { remoteHost: parsed.remoteHost }),
    }),
    glusterdState: parsed.glusterdState === 'auto' ? (input.systemdRunning ? 'systemd' : 'cli') : parsed.glusterdState,
  });
}
