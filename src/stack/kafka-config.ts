import { randomBytes } from 'node:crypto';
import type { StackPorts } from './plan.js';

/**
 * The `server.properties` of one combined broker+controller node. Every node lists all voters
 * statically, so storage is formatted without `--standalone` and all nodes share one cluster id.
 * Replication of the internal topics follows the cluster size: 1 for one node, 3 (min ISR 2) for three.
 * With `keystoreFile` (`--secure`) each node adds a SASL_SSL listener for clients (SCRAM-SHA-512 over
 * TLS, the certificate from a PEM keystore); the PLAINTEXT and CONTROLLER listeners stay as they are,
 * for inter-broker traffic and the stack's own readiness probe on loopback.
 *
 * @example renderServerProperties({ nodeId: 1, ports: defaultPorts(1), dataDir: '.stack/data/kafka-1b/node-1' })
 */
export function renderServerProperties(options: { nodeId: number; ports: StackPorts; dataDir: string; keystoreFile?: string }): string {
  const { nodeId, ports, dataDir, keystoreFile } = options;
  const size = ports.brokers.length;
  const minIsr = Math.min(2, size);
  const port = ports.brokers[nodeId - 1];
  const controllerPort = ports.controllers[nodeId - 1];
  if (port === undefined || controllerPort === undefined) throw new RangeError(`no ports for node ${nodeId}`);
  const voters = ports.controllers.map((p, i) => `${i + 1}@127.0.0.1:${p}`).join(',');
  const securePort = ports.secureBrokers?.[nodeId - 1];
  if (keystoreFile !== undefined && securePort === undefined) throw new RangeError(`no SASL_SSL port for node ${nodeId}`);
  const secure = keystoreFile === undefined ? undefined : `SASL_SSL://127.0.0.1:${securePort}`;
  const settings: Record<string, string | number> = {
    'process.roles': 'broker,controller',
    'node.id': nodeId,
    'controller.quorum.voters': voters,
    listeners: [`PLAINTEXT://127.0.0.1:${port}`, `CONTROLLER://127.0.0.1:${controllerPort}`, secure].filter(Boolean).join(','),
    'advertised.listeners': [`PLAINTEXT://127.0.0.1:${port}`, secure].filter(Boolean).join(','),
    'listener.security.protocol.map': `PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT${secure === undefined ? '' : ',SASL_SSL:SASL_SSL'}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
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
    ...(keystoreFile === undefined
      ? {}
      : {
          'listener.name.sasl_ssl.sasl.enabled.mechanisms': 'SCRAM-SHA-512',
          // The users themselves are in the metadata log, written at format time (`--add-scram`).
          'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
          'listener.name.sasl_ssl.ssl.keystore.type': 'PEM',
          'listener.name.sasl_ssl.ssl.keystore.location': keystoreFile,
        }),
  };
  return Object.entries(settings).map(([key, value]) => `${key}=${value}`).join('\n') + '\n';
}

/** A KRaft cluster id: 16 random bytes, base64url; like Kafka's `Uuid.randomUuid` never starting with "-". */
export function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
