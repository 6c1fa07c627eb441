import type { SecureRecord } from './state.js';

/**
 * How a client reaches a `--secure` stack: the SASL_SSL listeners (SCRAM-SHA-512 over TLS), the https
 * registry with basic auth, the CA both certificates chain to, and where the passwords are.
 */
export interface SecureAccess {
  /** `host:port` of every node's SASL_SSL listener. */
  readonly brokers: readonly string[];
  /** The https Confluent-compatible base URL. */
  readonly registryUrl: string;
  readonly caFile: string;
  readonly saslMechanism: 'scram-sha-512';
  readonly username: string;
  readonly passwordFile: string;
  readonly registryUsername: string;
  readonly registryPasswordFile: string;
  /**
   * The client settings as the environment variables of the README's Configuration table (passwords
   * by file): what `stack up --secure` prints, and what tests put in a child's environment.
   */
  readonly environment: Readonly<Record<string, string>>;
}

export function secureAccess(record: SecureRecord, registryUrl: string): SecureAccess {
  const brokers = record.brokerPorts.map((port) => `127.0.0.1:${port}`);
  return Object.freeze({
    brokers,
    registryUrl,
    caFile: record.caFile,
    saslMechanism: 'scram-sha-512',
    username: record.kafkaUsername,
    passwordFile: record.kafkaPasswordFile,
    registryUsername: record.registryUsername,
    registryPasswordFile: record.registryPasswordFile,
    environment: Object.freeze({
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: record.caFile,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: record.kafkaUsername,
      KAFKA_SASL_PASSWORD_FILE: record.kafkaPasswordFile,
      SCHEMA_REGISTRY_URL: registryUrl,
      SCHEMA_REGISTRY_CA_FILE: record.caFile,
      SCHEMA_REGISTRY_USERNAME: record.registryUsername,
      SCHEMA_REGISTRY_PASSWORD_FILE: record.registryPasswordFile,
    }),
  });
}
