import { GlusterEventingError } from '../../errors/index.js';

/** The bus could not be reached or stopped answering; the producer retries with backoff. */
export class DbusConnectionError extends GlusterEventingError {
  override readonly name = 'DbusConnectionError';
  readonly address: string;

  constructor(address: string, cause: unknown) {
    super('DBUS_CONNECTION_FAILED', `D-Bus at ${address}: ${cause instanceof Error ? cause.message : String(cause)}`, { retriable: true, cause });
    this.address = address;
  }
}
