import type { GlusterCli } from '../cli/gluster-cli.js';
import { GlusterCliError } from '../errors/gluster-cli-error.js';
import type { GlusterdStateSource } from './glusterd-state-source.js';

/**
 * glusterd's state where systemd does not run: `gluster pool list` answers → `loaded`/`active`;
 * the CLI cannot connect → `loaded`/`inactive` (nothing listens: stopped or crashed, which we cannot
 * tell apart); glusterd answers with an error or garbage → `loaded`/`failed`; the `gluster` binary is
 * missing → `not-found`/`inactive`, like systemd for a unit that is not installed.
 */
export function probeGlusterdState(cli: GlusterCli): GlusterdStateSource {
  return async () => {
    try {
      await cli.query(['pool', 'list']);
      return { LoadState: 'loaded', ActiveState: 'active' };
    } catch (error) {
      if (!(error instanceof GlusterCliError) || error.failure.kind === 'op-failed') return { LoadState: 'loaded', ActiveState: 'failed' };
      const missing = (error.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
      return { LoadState: missing ? 'not-found' : 'loaded', ActiveState: 'inactive' };
    }
  };
}
