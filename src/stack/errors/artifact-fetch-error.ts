import { GlusterEventingError } from '../../errors/index.js';

/** Maven could not fetch the Kafka or Apicurio artifacts into the cache. */
export class ArtifactFetchError extends GlusterEventingError {
  override readonly name = 'ArtifactFetchError';
  readonly cacheDir: string;

  constructor(cacheDir: string, detail: string, cause?: unknown) {
    super('ARTIFACT_FETCH_FAILED', `could not fetch the stack's artifacts into ${cacheDir}: ${detail}`, {
      retriable: true,
      cause,
    });
    this.cacheDir = cacheDir;
  }
}
