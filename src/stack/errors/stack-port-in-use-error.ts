import { GlusterEventingError } from '../../errors/index.js';

/** A port the stack needs is taken by another process. Retriable: free the port and run again. */
export class StackPortInUseError extends GlusterEventingError {
  override readonly name = 'StackPortInUseError';
  readonly port: number;
  readonly purpose: string;

  constructor(port: number, purpose: string, cause?: unknown) {
    super('STACK_PORT_IN_USE', `port 127.0.0.1:${port} (${purpose}) is already in use`, { retriable: true, cause });
    this.port = port;
    this.purpose = purpose;
  }
}
