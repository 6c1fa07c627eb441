import { GlusterEventingError } from '../errors/index.js';
import { StreamsError, TLS_PERMANENT_CODES } from '../streams/index.js';

function field(error: unknown, name: string): unknown {
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[name] : undefined;
}

/** The error and its causes, outermost first (kafkajs chains through `cause` or `originalError`). */
function chain(error: unknown): unknown[] {
  const links: unknown[] = [];
  for (let current = error; current !== undefined && current !== null && links.length < 10; current = field(current, 'cause') ?? field(current, 'originalError')) links.push(current);
  return links;
}

const isKafkaJs = (error: unknown): boolean => String(field(error, 'name')).startsWith('KafkaJS');

/**
 * One line for a failure the user can act on: this application's errors and the streams runtime's,
 * and Kafka client errors (broker unreachable, authentication, authorization) or TLS errors, naming
 * each distinct message of their cause chain; undefined for anything else (a bug, whose stack trace
 * is worth printing).
 */
export function failureLine(error: unknown): string | undefined {
  // The application's and the runtime's own messages are written for the user already (a runtime
  // stop names the Kafka error that caused it); their causes are for the logs.
  if (error instanceof GlusterEventingError || error instanceof StreamsError) return error.message;
  const links = chain(error);
  const kafka = links.some(isKafkaJs);
  const tls = links.some((link) => TLS_PERMANENT_CODES.has(String(field(link, 'code'))));
  if (!kafka && !tls) return undefined;
  const messages: string[] = [];
  for (const link of links) {
    const message = String(field(link, 'message') ?? link).trim();
    if (message !== '' && !messages.some((seen) => seen.includes(message))) messages.push(message);
  }
  return `${tls ? 'TLS' : 'Kafka'}: ${messages.join(': ').replace(/\s*\n\s*/g, ' ')}`;
}
