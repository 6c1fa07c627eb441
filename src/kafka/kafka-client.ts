import kafkajs, { type Kafka, type KafkaConfig, type LogEntry } from 'kafkajs';
import type { Logger } from '../logging/index.js';

/**
 * The one place that constructs kafkajs clients. kafkajs is in maintenance mode; keeping its
 * construction (and its logger bridge) here is what lets the client be swapped later.
 */
export interface KafkaClientOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly logger: Logger;
  /** Extra kafkajs settings (TLS, SASL, timeouts) from the configuration. */
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
    logCreator: () => (entry) => forward(options.logger, entry),
    connectionTimeout: 3000,
    ...options.connection,
  });
}

function forward(logger: Logger, { level, namespace, log }: LogEntry): void {
  const { message, timestamp: _timestamp, logger: _name, ...context } = log;
  const fields = { kafkajs: namespace, ...context };
  // kafkajs logs every error response at ERROR before its own retry handles it (coordinator
  // loading, concurrent transactions, ...). Those are noise for operators; what finally fails
  // reaches the caller as an exception and is logged there.
  const retried = (namespace === 'Connection' && message.startsWith('Response ')) || 'retryCount' in context;
  if (level === KafkaLogLevel.ERROR && retried) logger.debug(fields, message);
  else if (level === KafkaLogLevel.ERROR) logger.error(fields, message);
  else if (level === KafkaLogLevel.WARN) logger.warn(fields, message);
  else if (level === KafkaLogLevel.INFO) logger.debug(fields, message);
  else logger.trace(fields, message);
}
