import dbus from 'dbus-next';
import { ObjectTree, STORAGED } from '../dbus/index.js';
import type { Logger } from '../logging/index.js';
import type { GlusterCli } from './cli/gluster-cli.js';
import { DbusNameError } from './errors/dbus-name-error.js';
import { applyDiff, glusterSpecs } from './export/apply-diff.js';
import { managerSpec } from './export/gluster-interfaces.js';
import { acceptReloadWithoutOptions } from './export/reload-without-options.js';
import type { GlusterdStateSource } from './glusterd/glusterd-state-source.js';
import { buildSnapshot, type SnapshotFacts } from './model/build-snapshot.js';
import { diffSnapshots } from './model/diff-snapshots.js';
import type { ObjectSnapshot } from './model/object-snapshot.js';
import { readGlusterFacts } from './refresh/read-gluster-facts.js';
import { createRefreshLoop } from './refresh/refresh-loop.js';

export interface StartGlusterDbusServiceOptions {
  /** Bus to serve on; undefined = the system bus (dbus-next honours DBUS_SYSTEM_BUS_ADDRESS). */
  readonly busAddress: string | undefined;
  readonly cli: GlusterCli;
  readonly glusterdState: GlusterdStateSource;
  /** Fallback poll period; 0 = no polling (Reload and refreshSoon only). */
  readonly pollIntervalMs: number;
  /** Coalescing window of {@link GlusterDbusService.refreshSoon} (default 200 ms). */
  readonly debounceMs?: number;
  /** Retry delay after a partial read (default 1000 ms). */
  readonly retryDelayMs?: number;
  readonly logger: Logger;
}

export interface GlusterDbusService {
  /** For the Events API webhook: re-read gluster shortly; bursts of calls coalesce into one refresh. */
  refreshSoon(): void;
  /** Re-read gluster now (what `Reload` does); resolves when the signals for it have been sent. */
  refresh(): Promise<void>;
  /** The objects currently exported. */
  snapshot(): ObjectSnapshot;
  /** Stops refreshing, releases the name and closes the connection. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Owns `org.storaged.Storaged` and exports the storaged glusterfs module's objects for this node,
 * fed by the `gluster` CLI. Before the name is requested the first refresh has run, so a client
 * that sees the name appear finds the complete state in GetManagedObjects. Every later refresh
 * (Reload, refreshSoon, poll) diffs old against new and emits only real changes.
 *
 * @example
 * const service = await startGlusterDbusService({ busAddress: undefined, cli: createGlusterCli(), glusterdState: probeGlusterdState(cli), pollIntervalMs: 30_000, logger });
 * webhook.on('event', () => service.refreshSoon());
 */
export async function startGlusterDbusService(options: StartGlusterDbusServiceOptions): Promise<GlusterDbusService> {
  const { logger } = options;
  const tree = new ObjectTree(STORAGED.rootPath);
  const specs = glusterSpecs(managerSpec(() => loop.refreshNow()));
  let facts: SnapshotFacts = { glusterd: { LoadState: 'loaded', ActiveState: 'unknown' }, volumes: [], processes: new Map() };
  let current: ObjectSnapshot = new Map();

  const loop = createRefreshLoop({
    pollIntervalMs: options.pollIntervalMs,
    debounceMs: options.debounceMs ?? 200,
    retryDelayMs: options.retryDelayMs ?? 1000,
    onError: (error) => logger.error({ error: String(error) }, 'refresh failed'),
    refresh: async () => {
      const read = await readGlusterFacts({ cli: options.cli, glusterdState: options.glusterdState, previous: facts, logger });
      facts = read.facts;
      const next = buildSnapshot(facts);
      const diff = diffSnapshots(current, next);
      applyDiff(tree, diff, specs);
      current = next;
      if (diff.added.length + diff.removed.length + diff.changed.length > 0) {
        logger.info({ added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length }, 'gluster state changed');
      }
      return read.outcome;
    },
  });

  await loop.refreshNow();
  const bus = options.busAddress === undefined ? dbus.systemBus() : dbus.sessionBus({ busAddress: options.busAddress });
  bus.on('error', (error: unknown) => logger.error({ error: String(error) }, 'bus connection error'));
  tree.attach(bus);
  acceptReloadWithoutOptions(bus, () => loop.refreshNow());
  try {
    const reply = await bus.requestName(STORAGED.busName, dbus.NameFlag.DO_NOT_QUEUE);
    if (reply !== dbus.RequestNameReply.PRIMARY_OWNER && reply !== dbus.RequestNameReply.ALREADY_OWNER) {
      throw new DbusNameError(STORAGED.busName, `another connection owns it (RequestName reply ${reply})`);
    }
  } catch (error) {
    await loop.stop();
    tree.detach();
    bus.disconnect();
    throw error instanceof DbusNameError ? error : new DbusNameError(STORAGED.busName, error instanceof Error ? error.message : String(error), error);
  }
  logger.info({ busName: STORAGED.busName, objects: current.size, pollIntervalMs: options.pollIntervalMs }, 'gluster D-Bus service ready');

  let stopped: Promise<void> | undefined;
  return {
    refreshSoon: () => loop.refreshSoon(),
    refresh: () => loop.refreshNow(),
    snapshot: () => current,
    stop: () =>
      (stopped ??= (async () => {
        await loop.stop();
        tree.detach();
        bus.disconnect();
      })()),
  };
}
