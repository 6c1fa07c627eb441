import type { FastifyInstance } from 'fastify';
import { PortInUseError } from './port-in-use-error.js';

export interface ListenHttpOptions {
  readonly host: string;
  /** 0: any free port (then `port` below is the one the kernel chose). */
  readonly port: number;
  /** What listens, for the error: e.g. "the processor's HTTP server". */
  readonly purpose: string;
  /** How the user changes the port, for the error: e.g. "--http-port or GLUSTER_EVENTING_HTTP_PORT". */
  readonly setting: string;
}

export interface ListeningHttp {
  readonly port: number;
  /** `http://<host>:<port>` as configured, e.g. `http://0.0.0.0:8088`. */
  readonly url: string;
  /** Where a client on the same host reaches it: a wildcard host (0.0.0.0, ::) becomes loopback. */
  readonly localUrl: string;
}

const WILDCARD_TO_LOOPBACK: Readonly<Record<string, string>> = { '0.0.0.0': '127.0.0.1', '::': '::1', '': '127.0.0.1' };

/**
 * `app.listen` for every command that serves HTTP: a port another process holds fails with a
 * {@link PortInUseError} naming the address, what wanted it and how to choose another, which the
 * CLI prints as one line (exit 1) instead of Node's EADDRINUSE stack trace. Other errors pass as they are.
 */
export async function listenHttp(app: FastifyInstance, options: ListenHttpOptions): Promise<ListeningHttp> {
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE') throw new PortInUseError(options, error);
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const url = (host: string): string => `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return { port, url: url(options.host), localUrl: url(WILDCARD_TO_LOOPBACK[options.host] ?? options.host) };
}
