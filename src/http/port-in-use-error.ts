import { GlusterEventingError } from '../errors/index.js';

/**
 * The port a command's HTTP server was told to listen on is taken by another process. Retriable:
 * stop that process, or give this one another port with `setting`.
 *
 * @example new PortInUseError({ host: '0.0.0.0', port: 8088, purpose: "the processor's HTTP server", setting: '--http-port or GLUSTER_EVENTING_HTTP_PORT' })
 *   // message: port 0.0.0.0:8088 (the processor's HTTP server) is already in use: stop what listens there, or choose another port with --http-port or GLUSTER_EVENTING_HTTP_PORT
 */
export class PortInUseError extends GlusterEventingError {
  override readonly name = 'PortInUseError';
  readonly host: string;
  readonly port: number;
  readonly purpose: string;

  constructor(context: { readonly host: string; readonly port: number; readonly purpose: string; readonly setting: string }, cause?: unknown) {
    const address = context.host.includes(':') ? `[${context.host}]:${context.port}` : `${context.host}:${context.port}`;
    super('PORT_IN_USE', `port ${address} (${context.purpose}) is already in use: stop what listens there, or choose another port with ${context.setting}`, { retriable: true, cause });
    this.host = context.host;
    this.port = context.port;
    this.purpose = context.purpose;
  }
}
