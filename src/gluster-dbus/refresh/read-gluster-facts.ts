import type { Logger } from '../../logging/index.js';
import type { GlusterCli } from '../cli/gluster-cli.js';
import type { GlusterdStateSource } from '../glusterd/glusterd-state-source.js';
import type { SnapshotFacts } from '../model/build-snapshot.js';
import { parseVolumeInfo } from '../model/parse-volume-info.js';
import { parseVolumeStatus } from '../model/parse-volume-status.js';
import type { RefreshOutcome } from './refresh-loop.js';

export interface ReadGlusterFactsOptions {
  readonly cli: GlusterCli;
  readonly glusterdState: GlusterdStateSource;
  /** The last facts; kept for whatever cannot be read now. */
  readonly previous: SnapshotFacts;
  readonly logger: Logger;
}

/**
 * One re-read of the whole gluster state, as storaged's Reload did: glusterd's state, `volume info
 * all` and `volume status all`. What cannot be read keeps its last value instead of vanishing: a
 * stopped glusterd must not look like every volume being deleted. When glusterd is up but a query
 * failed (typically `volume status` refused while another transaction holds the cluster lock, right
 * after the volume operation whose hook called Reload), the outcome is `partial` so the loop retries.
 */
export async function readGlusterFacts(options: ReadGlusterFactsOptions): Promise<{ facts: SnapshotFacts; outcome: RefreshOutcome }> {
  const { cli, previous, logger } = options;
  const glusterd = await options.glusterdState();
  let outcome: RefreshOutcome = 'complete';
  const attempt = async <T>(what: string, read: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await read();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      // While glusterd is down every poll fails the same way; the glusterd object already says so.
      const level = glusterd.ActiveState === 'active' ? 'warn' : 'debug';
      logger[level]({ query: what, code, error: error instanceof Error ? error.message : String(error) }, 'gluster query failed; keeping last known values');
      if (glusterd.ActiveState === 'active') outcome = 'partial';
      return fallback;
    }
  };
  const volumes = await attempt('volume info all', async () => parseVolumeInfo(await cli.query(['volume', 'info', 'all'])), previous.volumes);
  const processes = await attempt('volume status all', async () => parseVolumeStatus(await cli.query(['volume', 'status', 'all'])), previous.processes);
  return { facts: { glusterd, volumes, processes }, outcome };
}
