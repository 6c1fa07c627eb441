import { GlusterEventingError } from '../../errors/index.js';

/** `--containers` was asked for but no Docker (or compatible) engine answers. */
export class ContainerEngineUnavailableError extends GlusterEventingError {
  override readonly name = 'ContainerEngineUnavailableError';

  constructor(detail: string, cause?: unknown) {
    super('STACK_CONTAINER_ENGINE_UNAVAILABLE', `containers mode: ${detail}`, { cause });
  }
}
