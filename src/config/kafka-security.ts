import { z } from 'zod';
import { ConfigError } from './config-error.js';
import { withSecret } from './secret.js';
import { readPasswordFile, readSettingFile, type ReadSettingFile } from './setting-file.js';
import { optionalBoolean, optionalText } from './setting-types.js';

export type SaslMechanism = 'scram-sha-256' | 'scram-sha-512' | 'plain';

/** TLS to the brokers. PEM texts, read once at start; `key` is non-enumerable (see {@link withSecret}). */
export interface KafkaTls {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  /** False only to test against a broker whose certificate cannot be verified; never in production. */
  readonly rejectUnauthorized: boolean;
}

/** SASL; `password` is non-enumerable, so logging the settings never shows it. */
export interface KafkaSasl {
  readonly mechanism: SaslMechanism;
  readonly username: string;
  readonly password: string;
}

/** How clients authenticate to Kafka and protect the connection; both absent means PLAINTEXT. */
export interface KafkaSecurity {
  readonly tls?: KafkaTls;
  readonly sasl?: KafkaSasl;
}

export const kafkaSecurityShape = {
  KAFKA_SSL: optionalBoolean,
  KAFKA_SSL_CA_FILE: optionalText,
  KAFKA_SSL_CERT_FILE: optionalText,
  KAFKA_SSL_KEY_FILE: optionalText,
  KAFKA_SSL_REJECT_UNAUTHORIZED: optionalBoolean,
  KAFKA_SASL_MECHANISM: z.preprocess(
    (value) => (typeof value === 'string' && value !== '' ? value.toLowerCase() : undefined),
    z.enum(['scram-sha-256', 'scram-sha-512', 'plain'], { message: 'scram-sha-256, scram-sha-512 or plain' }).optional(),
  ),
  KAFKA_SASL_USERNAME: optionalText,
  KAFKA_SASL_PASSWORD: optionalText,
  KAFKA_SASL_PASSWORD_FILE: optionalText,
};

type Parsed = z.output<z.ZodObject<typeof kafkaSecurityShape>>;

/**
 * Checks the combinations (each failure is one {@link ConfigError} naming the setting to fix, never a
 * secret's value) and reads the files the settings name.
 */
export function resolveKafkaSecurity(parsed: Parsed, read: ReadSettingFile): KafkaSecurity {
  const tls = resolveTls(parsed, read);
  const sasl = resolveSasl(parsed, read);
  return Object.freeze({ ...(tls === undefined ? {} : { tls }), ...(sasl === undefined ? {} : { sasl }) });
}

function resolveTls(parsed: Parsed, read: ReadSettingFile): KafkaTls | undefined {
  const dependents = ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE', 'KAFKA_SSL_REJECT_UNAUTHORIZED'] as const;
  if (parsed.KAFKA_SSL !== true) {
    const stray = dependents.find((name) => parsed[name] !== undefined);
    if (stray !== undefined) throw new ConfigError('KAFKA_SSL', `must be true when ${stray} is set`);
    return undefined;
  }
  const certFile = parsed.KAFKA_SSL_CERT_FILE;
  const keyFile = parsed.KAFKA_SSL_KEY_FILE;
  if (certFile !== undefined && keyFile === undefined) throw new ConfigError('KAFKA_SSL_KEY_FILE', 'required with KAFKA_SSL_CERT_FILE (client certificate and its key)');
  if (keyFile !== undefined && certFile === undefined) throw new ConfigError('KAFKA_SSL_CERT_FILE', 'required with KAFKA_SSL_KEY_FILE (client certificate and its key)');
  const caFile = parsed.KAFKA_SSL_CA_FILE;
  const tls = {
    ...(caFile === undefined ? {} : { ca: readSettingFile('KAFKA_SSL_CA_FILE', caFile, read) }),
    ...(certFile === undefined ? {} : { cert: readSettingFile('KAFKA_SSL_CERT_FILE', certFile, read) }),
    rejectUnauthorized: parsed.KAFKA_SSL_REJECT_UNAUTHORIZED ?? true,
  };
  if (keyFile !== undefined) withSecret(tls, 'key', readSettingFile('KAFKA_SSL_KEY_FILE', keyFile, read));
  return Object.freeze(tls);
}

function resolveSasl(parsed: Parsed, read: ReadSettingFile): KafkaSasl | undefined {
  const mechanism = parsed.KAFKA_SASL_MECHANISM;
  const username = parsed.KAFKA_SASL_USERNAME;
  const inline = parsed.KAFKA_SASL_PASSWORD;
  const file = parsed.KAFKA_SASL_PASSWORD_FILE;
  if (mechanism === undefined) {
    const stray = (['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_PASSWORD_FILE'] as const).find((name) => parsed[name] !== undefined);
    if (stray !== undefined) throw new ConfigError('KAFKA_SASL_MECHANISM', `required when ${stray} is set (scram-sha-256, scram-sha-512 or plain)`);
    return undefined;
  }
  if (username === undefined) throw new ConfigError('KAFKA_SASL_USERNAME', `required when KAFKA_SASL_MECHANISM is ${mechanism}`);
  if (inline !== undefined && file !== undefined) throw new ConfigError('KAFKA_SASL_PASSWORD_FILE', 'set either KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, not both');
  if (inline === undefined && file === undefined) throw new ConfigError('KAFKA_SASL_PASSWORD', `required (or KAFKA_SASL_PASSWORD_FILE) when KAFKA_SASL_MECHANISM is ${mechanism}`);
  const password = inline ?? readPasswordFile('KAFKA_SASL_PASSWORD_FILE', file ?? '', read);
  return Object.freeze(withSecret({ mechanism, username }, 'password', password));
}
