import { ROLES, type Role } from '../kafka/index.js';
import type { StackCredential } from './secure-material.js';
import type { SecureRecord } from './state.js';

/** How one principal reaches a `--secure` stack. */
export interface PrincipalAccess {
  readonly username: string;
  readonly passwordFile: string;
  /** The registry's basic-auth user of the same name: the admin's may write, a role's only reads. */
  readonly registryUsername: string;
  readonly registryPasswordFile: string;
  /**
   * The client settings as the environment variables of the README's Configuration table (passwords
   * by file): what `stack up --secure` prints, and what tests put in a child's environment.
   */
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * How a client reaches a `--secure` stack: the SASL_SSL listeners (SCRAM-SHA-512 over TLS), the https
 * registry with basic auth, the CA both certificates chain to, and where the passwords are. The top
 * level is the stack's admin (a Kafka super user: `topics apply`, `schemas register`, `acls --apply`);
 * `roles` holds one user per role, allowed exactly `gluster-eventing acls --role <role>`.
 */
export interface SecureAccess extends PrincipalAccess {
  /** `host:port` of every node's SASL_SSL listener. */
  readonly brokers: readonly string[];
  /** The https Confluent-compatible base URL. */
  readonly registryUrl: string;
  readonly caFile: string;
  readonly saslMechanism: 'scram-sha-512';
  readonly roles: Readonly<Record<Role, PrincipalAccess>>;
}

export function secureAccess(record: SecureRecord, registryUrl: string): SecureAccess {
  const brokers = record.brokerPorts.map((port) => `127.0.0.1:${port}`);
  const access = (user: StackCredential, registryUser: StackCredential): PrincipalAccess =>
    Object.freeze({
      username: user.username,
      passwordFile: user.passwordFile,
      registryUsername: registryUser.username,
      registryPasswordFile: registryUser.passwordFile,
      environment: Object.freeze({
        KAFKA_BROKERS: brokers.join(','),
        KAFKA_SSL: 'true',
        KAFKA_SSL_CA_FILE: record.caFile,
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: user.username,
        KAFKA_SASL_PASSWORD_FILE: user.passwordFile,
        SCHEMA_REGISTRY_URL: registryUrl,
        SCHEMA_REGISTRY_CA_FILE: record.caFile,
        SCHEMA_REGISTRY_USERNAME: registryUser.username,
        SCHEMA_REGISTRY_PASSWORD_FILE: registryUser.passwordFile,
      }),
    });
  return Object.freeze({
    ...access(record.kafkaUsers.admin, record.registryUsers.admin),
    brokers,
    registryUrl,
    caFile: record.caFile,
    saslMechanism: 'scram-sha-512',
    roles: Object.freeze(Object.fromEntries(ROLES.map((role) => [role, access(record.kafkaUsers[role], record.registryUsers[role])])) as Record<Role, PrincipalAccess>),
  });
}
