/**
 * Run by secrets-not-logged.test.ts in a child process (the logger writes to fd 2): parses the
 * settings given as JSON in argv[2], logs them every way a careless caller might, then lets kafkajs
 * and the registry client fail against closed ports with those settings, logging the errors
 * (skipped with argv[3] `no-clients`).
 */
import { inspect } from 'node:util';
import { parseSharedSettings } from '../../../src/config/index.js';
import { createKafkaClient } from '../../../src/kafka/index.js';
import { createLogger } from '../../../src/logging/index.js';
import { createSchemaRegistryClient } from '../../../src/serde/index.js';

const settings = parseSharedSettings(JSON.parse(process.argv[2] ?? '{}') as Record<string, string>);
const logger = createLogger({ level: 'trace', component: 'secrets-test' });
logger.info({ settings }, 'settings');
logger.info({ kafka: settings.kafka, registry: settings.schemaRegistry }, 'slices');
logger.info({ ...settings.kafka.security }, 'security spread');
logger.info({ sasl: settings.kafka.security.sasl, auth: settings.schemaRegistry.auth, tls: settings.kafka.security.tls }, 'secret holders');
process.stderr.write(`inspect ${inspect(settings, { depth: 10 })}\n`);
process.stderr.write(`json ${JSON.stringify(settings)}\n`);
if (process.argv[3] === 'no-clients') process.exit(0);

const admin = createKafkaClient({ ...settings.kafka, logger }).admin({ retry: { retries: 0 } });
await admin.connect().then(
  () => logger.error('connected to a closed port?'),
  (error: unknown) => logger.error({ err: error }, 'kafka connect failed'),
);
const registry = createSchemaRegistryClient(settings.schemaRegistry);
await registry.register('secrets-test-value', { type: 'string' }).then(
  () => logger.error('registered on a closed port?'),
  (error: unknown) => logger.error({ err: error }, 'registry register failed'),
);
