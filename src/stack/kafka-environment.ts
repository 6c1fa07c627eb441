import { renderServerProperties } from './kafka-config.js';

/** Where a broker in a container listens (the official image's ports) and keeps its data. */
const CONTAINER = { port: 9092, controllerPort: 9093, dataDir: '/var/lib/kafka/data' } as const;

/**
 * The `KAFKA_*` environment of a single combined broker+controller in a container (the official
 * apache/kafka image and the stand-in infra/containers/kafka.Dockerfile turn each into a
 * `server.properties` line): the embedded stack's one-node settings ({@link renderServerProperties}),
 * listening on every interface of the container and advertising `advertised` (host:port as clients
 * outside the container reach it).
 *
 * @example kafkaContainerEnvironment('127.0.0.1:9092').KAFKA_ADVERTISED_LISTENERS // 'PLAINTEXT://127.0.0.1:9092'
 */
export function kafkaContainerEnvironment(advertised: string): Record<string, string> {
  const properties = renderServerProperties({ nodeId: 1, ports: { brokers: [CONTAINER.port], controllers: [CONTAINER.controllerPort], registry: 0 }, dataDir: CONTAINER.dataDir });
  const settings = new Map(properties.trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const));
  settings.set('listeners', `PLAINTEXT://:${CONTAINER.port},CONTROLLER://:${CONTAINER.controllerPort}`);
  settings.set('advertised.listeners', `PLAINTEXT://${advertised}`);
  settings.set('controller.quorum.voters', `1@localhost:${CONTAINER.controllerPort}`);
  return Object.fromEntries([...settings].map(([key, value]) => [environmentName(key), value]));
}

/** The image's naming rule, reversed: "." -> "_", "_" -> "__", "-" -> "___", upper case, KAFKA_ first. */
export function environmentName(property: string): string {
  return `KAFKA_${property.replaceAll('_', '__').replaceAll('-', '___').replaceAll('.', '_').toUpperCase()}`;
}

/** The port a broker listens on inside its container. */
export const KAFKA_CONTAINER_PORT = CONTAINER.port;
