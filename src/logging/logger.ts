import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Structured JSON logs (one object per line on stderr, so stdout stays free for command output).
 * Loggers are namespaced by `component`; messages are fixed strings with the variable parts in the
 * context object. Secrets are redacted by path, wherever they appear in a context object.
 */
export function createLogger(options: { level?: string; component?: string } = {}): Logger {
  const root = pino(
    {
      level: options.level ?? 'info',
      base: null,
      redact: {
        paths: ['*.password', '*.sasl.password', '*.token', '*.secret', 'password', 'token', 'secret'],
        censor: '[redacted]',
      },
    },
    pino.destination(2),
  );
  return options.component === undefined ? root : root.child({ component: options.component });
}

/** A logger that drops everything: the default for library code used from tests. */
export const silentLogger: Logger = pino({ level: 'silent' });
