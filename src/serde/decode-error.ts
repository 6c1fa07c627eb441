import { GlusterEventingError, type ErrorCode } from '../errors/index.js';

export type DecodeErrorCode = Extract<ErrorCode, `DECODE_${string}`>;

/**
 * A record's bytes could not be turned into a value. Never retriable for the same bytes (except an
 * unreachable registry, which is a {@link RegistryUnavailableError}); the streams runtime routes
 * these records to the dead-letter topic.
 */
export class DecodeError extends GlusterEventingError {
  override readonly name = 'DecodeError';
  readonly schemaId: number | undefined;

  constructor(code: DecodeErrorCode, message: string, options: { schemaId?: number; cause?: unknown } = {}) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
    this.schemaId = options.schemaId;
  }
}

/** The registry could not be reached; retry later, the record is fine. */
export class RegistryUnavailableError extends GlusterEventingError {
  override readonly name = 'RegistryUnavailableError';
  readonly url: string;

  constructor(url: string, cause: unknown) {
    super('SCHEMA_REGISTRY_UNAVAILABLE', `schema registry at ${url} is unreachable: ${describeCause(cause)}`, { retriable: true, cause });
    this.url = url;
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const nested = (cause as Error & { cause?: unknown }).cause;
    return nested instanceof Error ? `${cause.message} (${nested.message})` : cause.message;
  }
  return String(cause);
}
