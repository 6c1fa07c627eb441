import kafkajs, { type Kafka, type KafkaConfig, type LogEntry } from 'kafkajs';
import type { KafkaSecurity } from '../config/index.js';
import type { Logger } from '../logging/index.js';

/**
 * The one place that constructs kafkajs clients. kafkajs is in maintenance mode; keeping its
 * construction (and its logger bridge) here is what lets the client be swapped later.
 */
export interface KafkaClientOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly logger: Logger;
  /** TLS and SASL from the shared settings (`createKafkaClient({ ...settings.kafka, logger })` passes them). */
  readonly security?: KafkaSecurity;
  /** Extra kafkajs settings (timeouts) for special clients; applied after `security`. */
  readonly connection?: Pick<KafkaConfig, 'ssl' | 'sasl' | 'connectionTimeout' | 'requestTimeout'>;
}

// kafkajs is CommonJS; Node's ESM loader cannot see all of its named exports.
const { Kafka: KafkaClient, logLevel: KafkaLogLevel } = kafkajs;

export function createKafkaClient(options: KafkaClientOptions): Kafka {
  process.env['KAFKAJS_NO_PARTITIONER_WARNING'] ??= '1';
  return new KafkaClient({
    clientId: options.clientId,
    brokers: [...options.brokers],
    logLevel: KafkaLogLevel.INFO,
    logCreator: () => (entry) => forwardKafkajsLog(options.logger, entry),
    connectionTimeout: 3000,
    ...kafkajsSecurity(options.security),
    ...options.connection,
  });
}

/**
 * Our settings in kafkajs' shape. Built fresh for every client: kafkajs stores its authenticator on the
 * `sasl` object it is given (so it must not be the frozen settings object), and the secrets, which are
 * non-enumerable in the settings, must be copied by name.
 */
function kafkajsSecurity(security: KafkaSecurity | undefined): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const config: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  const tls = security?.tls;
  if (tls !== undefined) {
    config.ssl = {
      rejectUnauthorized: tls.rejectUnauthorized,
      ...(tls.ca === undefined ? {} : { ca: [tls.ca] }),
      ...(tls.cert === undefined ? {} : { cert: tls.cert }),
      ...(tls.key === undefined ? {} : { key: tls.key }),
    };
  }
  const sasl = security?.sasl;
  if (sasl !== undefined) config.sasl = { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password } as NonNullable<KafkaConfig['sasl']>;
  return config;
}

/**
 * kafkajs warns whenever an idempotent producer is created with bounded retries, so every D-Bus
 * producer and webhook start logged it. Those producers bound kafkajs' retries on purpose: their
 * delivery loop resends a failed batch itself, forever, through the same producer, and kafkajs
 * rolls a failed request's sequence numbers back, so a batch the broker had taken after all is
 * recognised by its sequence and not written twice (the same mechanism kafkajs' own retries rely
 * on). The at-least-once processor producer promises no more than at-least-once.
 */
const EXPECTED_WARNING = 'Limiting retries for the idempotent producer may invalidate EoS guarantees';

/** kafkajs' log entries into ours, at the level an operator should see them. Exported for its test. */
export function forwardKafkajsLog(logger: Logger, { level, namespace, log }: LogEntry): void {
  const { message, timestamp: _timestamp, logger: _name, ...context } = log;
  const fields = { kafkajs: namespace, ...context };
  // kafkajs logs every error response at ERROR before its own retry handles it (coordinator
  // loading, concurrent transactions, ...). Those are noise for operators; what finally fails
  // reaches the caller as an exception and is logged there.
  const retried = (namespace === 'Connection' && message.startsWith('Response ')) || 'retryCount' in context;
  if (level === KafkaLogLevel.ERROR && retried) logger.debug(fields, message);
  else if (level === KafkaLogLevel.ERROR) logger.error(fields, message);
  else if (level === KafkaLogLevel.WARN && message === EXPECTED_WARNING) logger.debug(fields, message);
  else if (level === KafkaLogLevel.WARN) logger.warn(fields, message);
  else if (level === KafkaLogLevel.INFO) logger.debug(fields, message);
  else logger.trace(fields, message);
}
