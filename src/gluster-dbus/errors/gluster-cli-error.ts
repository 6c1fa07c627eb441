import { GlusterEventingError } from '../../errors/index.js';

/** Why a `gluster` CLI call gave no usable answer. */
export type GlusterCliFailure =
  /** The binary could not be run, timed out, or exited non-zero (e.g. "Connection failed", glusterd down). Retriable. */
  | { readonly kind: 'unavailable'; readonly exitCode: number | null; readonly output: string }
  /** glusterd answered, but `<opRet>` was not 0. The CLI still exits 0 in `--xml` mode, so this is read from the XML. */
  | { readonly kind: 'op-failed'; readonly opRet: number; readonly opErrno: number; readonly opErrstr: string };

/**
 * A `gluster --mode=script ... --xml` call failed. Code `GLUSTER_CLI_UNAVAILABLE` (retriable: glusterd
 * may come back) or `GLUSTER_CLI_OP_FAILED` (glusterd refused the operation; `failure` carries
 * `opRet`, `opErrno`, `opErrstr`).
 */
export class GlusterCliError extends GlusterEventingError {
  override readonly name = 'GlusterCliError';
  readonly args: readonly string[];
  readonly failure: GlusterCliFailure;

  constructor(args: readonly string[], failure: GlusterCliFailure, cause?: unknown) {
    super(
      failure.kind === 'unavailable' ? 'GLUSTER_CLI_UNAVAILABLE' : 'GLUSTER_CLI_OP_FAILED',
      failure.kind === 'unavailable'
        ? `gluster ${args.join(' ')} failed (exit ${failure.exitCode ?? 'none'}): ${firstLine(failure.output)}`
        : `gluster ${args.join(' ')}: opRet ${failure.opRet}, opErrno ${failure.opErrno}: ${failure.opErrstr}`,
      { retriable: failure.kind === 'unavailable', ...(cause === undefined ? {} : { cause }) },
    );
    this.args = args;
    this.failure = failure;
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
