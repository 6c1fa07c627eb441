import { randomBytes } from 'node:crypto';
import type { StackPorts } from './plan.js';

/**
 * What a `--secure` node adds: clients on SASL_SSL (SCRAM-SHA-512 over TLS, the certificate from a
 * PEM keystore); the brokers' own principal `User:broker` (PLAIN, its password in this owner-only
 * file) on the controller and inter-broker listeners; and the StandardAuthorizer, denying whatever
 * no ACL allows, with `superUsers` (the broker and the stack's admin) exempt.
 */
export interface SecureNodeConfig {
  readonly keystoreFile: string;
  readonly brokerPassword: string;
  readonly superUsers: readonly string[];
}

/**
 * The `server.properties` of one combined broker+controller node. Every node lists all voters
 * statically, so storage is formatted without `--standalone` and all nodes share one cluster id.
 * Replication of the internal topics follows the cluster size: 1 for one node, 3 (min ISR 2) for three.
 *
 * Plain: PLAINTEXT for clients and between brokers, PLAINTEXT controllers. With `secure` no listener
 * lets anyone in unauthenticated: clients get SASL_SSL only; the PLAINTEXT port becomes `INTERNAL`,
 * inter-broker traffic over SASL (PLAIN, the broker's credential only, on loopback), and the
 * controllers authenticate the same way (SCRAM cannot serve them: its users live in the metadata
 * the controllers serve). Topics are never auto-created.
 *
 * @example renderServerProperties({ nodeId: 1, ports: defaultPorts(1), dataDir: '.stack/data/kafka-1b/node-1' })
 */
export function renderServerProperties(options: { nodeId: number; ports: StackPorts; dataDir: string; secure?: SecureNodeConfig }): string {
  const { nodeId, ports, dataDir, secure } = options;
  const size = ports.brokers.length;
  const minIsr = Math.min(2, size);
  const port = ports.brokers[nodeId - 1];
  const controllerPort = ports.controllers[nodeId - 1];
  if (port === undefined || controllerPort === undefined) throw new RangeError(`no ports for node ${nodeId}`);
  const voters = ports.controllers.map((p, i) => `${i + 1}@127.0.0.1:${p}`).join(',');
  const securePort = ports.secureBrokers?.[nodeId - 1];
  if (secure !== undefined && securePort === undefined) throw new RangeError(`no SASL_SSL port for node ${nodeId}`);
  const common: Record<string, string | number> = {
    'process.roles': 'broker,controller',
    'node.id': nodeId,
    'controller.quorum.voters': voters,
    'controller.listener.names': 'CONTROLLER',
    'log.dirs': dataDir,
    'offsets.topic.replication.factor': size,
    // 50 offsets partitions (the default) make the first consumer group join slow on a 2-core laptop.
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': size,
    'transaction.state.log.min.isr': minIsr,
    'transaction.state.log.num.partitions': 10,
    'share.coordinator.state.topic.replication.factor': size,
    'share.coordinator.state.topic.min.isr': minIsr,
    // Tests create groups all the time; the 3 s default delay would only slow every first join.
    'group.initial.rebalance.delay.ms': 0,
  };
  const listeners = secure === undefined ? plainListeners(port, controllerPort) : secureListeners(port, controllerPort, securePort ?? 0, secure);
  return Object.entries({ ...common, ...listeners }).map(([key, value]) => `${key}=${value}`).join('\n') + '\n';
}

function plainListeners(port: number, controllerPort: number): Record<string, string> {
  return {
    listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${port}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name': 'PLAINTEXT',
  };
}

function secureListeners(port: number, controllerPort: number, securePort: number, secure: SecureNodeConfig): Record<string, string> {
  // PLAIN with one user: the broker logs in as `broker` and accepts only `broker` on these listeners.
  const brokerLogin = `org.apache.kafka.common.security.plain.PlainLoginModule required username="broker" password="${secure.brokerPassword}" user_broker="${secure.brokerPassword}";`;
  return {
    listeners: `INTERNAL://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort},SASL_SSL://127.0.0.1:${securePort}`,
    // INTERNAL must be advertised for the other brokers to find it; it takes the broker's credential only.
    'advertised.listeners': `INTERNAL://127.0.0.1:${port},SASL_SSL://127.0.0.1:${securePort}`,
    'listener.security.protocol.map': 'INTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT,SASL_SSL:SASL_SSL',
    'inter.broker.listener.name': 'INTERNAL',
    'sasl.mechanism.inter.broker.protocol': 'PLAIN',
    'sasl.mechanism.controller.protocol': 'PLAIN',
    'listener.name.internal.sasl.enabled.mechanisms': 'PLAIN',
    'listener.name.internal.plain.sasl.jaas.config': brokerLogin,
    'listener.name.controller.sasl.enabled.mechanisms': 'PLAIN',
    'listener.name.controller.plain.sasl.jaas.config': brokerLogin,
    'listener.name.sasl_ssl.sasl.enabled.mechanisms': 'SCRAM-SHA-512',
    // The users themselves are in the metadata log, written at format time (`--add-scram`).
    'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'listener.name.sasl_ssl.ssl.keystore.type': 'PEM',
    'listener.name.sasl_ssl.ssl.keystore.location': secure.keystoreFile,
    'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'allow.everyone.if.no.acl.found': 'false',
    'super.users': secure.superUsers.join(';'),
    'auto.create.topics.enable': 'false',
  };
}

/** A KRaft cluster id: 16 random bytes, base64url; like Kafka's `Uuid.randomUuid` never starting with "-". */
export function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
