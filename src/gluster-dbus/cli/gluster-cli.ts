import { execFile } from 'node:child_process';
import { GlusterCliError } from '../errors/gluster-cli-error.js';
import { parseXml, type XmlElement } from '../xml/parse-xml.js';
import { childInteger, childNamed } from '../xml/xml-element.js';

/** How the `gluster` CLI reaches glusterd. */
export interface GlusterCliOptions {
  /** The `gluster` binary (default `gluster` on PATH). */
  readonly executable?: string;
  /**
   * glusterd's unix socket, passed as `--glusterd-sock=PATH`. Needed only for a glusterd started with
   * `--xlator-option '*.glusterd-sockfile=PATH'` (as the test helper does); the default is
   * `/var/run/glusterd.socket`.
   */
  readonly socketPath?: string;
  /** Talk TCP to glusterd on this host (`--remote-host=HOST`, port 24007) instead of the socket. */
  readonly remoteHost?: string;
  /** A call that takes longer is killed and reported as unavailable (default 30 s; `volume status` can be slow). */
  readonly timeoutMs?: number;
}

/** Runs read-only `gluster` queries and returns the `<cliOutput>` element of a successful answer. */
export interface GlusterCli {
  /**
   * Runs `gluster [connection] --mode=script <args> --xml`. Throws {@link GlusterCliError}:
   * `GLUSTER_CLI_UNAVAILABLE` when the process fails or exits non-zero (glusterd not answering), and
   * `GLUSTER_CLI_OP_FAILED` when `<opRet>` is not 0 — the CLI exits 0 on failure in XML mode, so the
   * exit code alone would report success. Malformed output throws a GlusterXmlError.
   */
  query(args: readonly string[]): Promise<XmlElement>;
}

/**
 * @example
 * const cli = createGlusterCli({ socketPath: '/tmp/gd/glusterd.socket' });
 * const info = await cli.query(['volume', 'info', 'all']);
 */
export function createGlusterCli(options: GlusterCliOptions = {}): GlusterCli {
  const executable = options.executable ?? 'gluster';
  const connection = [
    ...(options.socketPath === undefined ? [] : [`--glusterd-sock=${options.socketPath}`]),
    ...(options.remoteHost === undefined ? [] : [`--remote-host=${options.remoteHost}`]),
  ];
  const timeout = options.timeoutMs ?? 30_000;
  return {
    async query(args) {
      const stdout = await new Promise<string>((resolve, reject) => {
        execFile(executable, [...connection, '--mode=script', ...args, '--xml'], { timeout, maxBuffer: 64 * 1024 * 1024 }, (error, out, err) => {
          if (error === null) return resolve(out);
          const exitCode = typeof error.code === 'number' ? error.code : null;
          reject(new GlusterCliError(args, { kind: 'unavailable', exitCode, output: `${out}${err}` || error.message }, error));
        });
      });
      const root = parseXml(stdout);
      const opRet = childInteger(root, 'opRet');
      if (opRet !== 0) {
        const opErrno = childNamed(root, 'opErrno') === undefined ? 0 : childInteger(root, 'opErrno', 0);
        const opErrstr = childNamed(root, 'opErrstr')?.text.trim() ?? '';
        throw new GlusterCliError(args, { kind: 'op-failed', opRet, opErrno, opErrstr });
      }
      return root;
    },
  };
}
