/**
 * Every failure this application raises on purpose is a {@link GlusterEventingError}: callers branch
 * on `code` (never on message text), `retriable` says whether trying again can help, and the native
 * `cause` keeps the underlying library error. The streams runtime (`src/streams`) is not part of the
 * application: its failures are its own `StreamsError`s, with the same three fields and their own
 * codes, so a caller that reports or retries both checks for both (see `src/cli/failure-line.ts`).
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'STACK_PREREQUISITE_MISSING'
  | 'STACK_PORT_IN_USE'
  | 'STACK_PROCESS_CRASHED'
  | 'STACK_START_TIMEOUT'
  | 'STACK_CONTAINER_ENGINE_UNAVAILABLE'
  | 'STACK_ALREADY_RUNNING'
  | 'STACK_NOT_OWNED'
  | 'PORT_IN_USE'
  | 'ARTIFACT_FETCH_FAILED'
  | 'DECODE_WRONG_MAGIC_BYTE'
  | 'DECODE_TRUNCATED'
  | 'DECODE_UNKNOWN_SCHEMA_ID'
  | 'DECODE_SCHEMA_MISMATCH'
  | 'ENCODE_INVALID_VALUE'
  | 'SCHEMA_INCOMPATIBLE'
  | 'SCHEMA_REGISTRY_UNAVAILABLE'
  | 'DBUS_VALUE_UNSUPPORTED'
  | 'DBUS_CONNECTION_FAILED'
  | 'DBUS_DAEMON_FAILED'
  | 'KAFKA_TRANSIENT'
  | 'KAFKA_FATAL'
  | 'SPOOL_OVERFLOW'
  | 'SPOOL_CORRUPT'
  | 'SPOOL_LOCKED'
  | 'SIMULATOR_SCENARIO_INVALID'
  | 'SIMULATOR_STEP_INVALID'
  | 'GLUSTER_CLI_UNAVAILABLE'
  | 'GLUSTER_CLI_OP_FAILED'
  | 'GLUSTER_XML_INVALID'
  | 'DBUS_NAME_NOT_OWNED'
  | 'WEBHOOK_UNAUTHORIZED'
  | 'WEBHOOK_BODY_INVALID';

export interface GlusterEventingErrorOptions {
  readonly retriable?: boolean;
  readonly cause?: unknown;
}

export class GlusterEventingError extends Error {
  override readonly name: string = 'GlusterEventingError';
  readonly code: ErrorCode;
  readonly retriable: boolean;

  constructor(code: ErrorCode, message: string, options: GlusterEventingErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retriable = options.retriable ?? false;
  }
}

/** Narrows an unknown thrown value to a project error with the given code. */
export function isErrorWithCode(error: unknown, code: ErrorCode): error is GlusterEventingError {
  return error instanceof GlusterEventingError && error.code === code;
}
