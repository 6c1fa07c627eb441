/**
 * The embedded stack: real Kafka (KRaft) and Apicurio Registry as plain Java processes on loopback, for
 * development, tests, the demo and benchmarks. See {@link startStack}, {@link openStack} and
 * {@link RunningStack}.
 */
export { startStack } from './start-stack.js';
export type { StartStackOptions, StartedStack } from './start-stack.js';
export { openStack } from './open-stack.js';
export { externalStack } from './external-stack.js';
export { DEFAULT_KAFKA_IMAGE, DEFAULT_REGISTRY_IMAGE, STACK_LABEL as CONTAINER_STACK_LABEL, startContainerStack, stopContainerStack } from './container-stack.js';
export type { ContainerStackOptions } from './container-stack.js';
export type { RunningStack } from './running-stack.js';
export type { SecureAccess } from './secure-access.js';
export type { StackStatus, ServiceStatus } from './status.js';
export { defaultPorts, type BrokerCount, type StackPorts } from './plan.js';
export { pickFreePorts } from './ports.js';
export { APICURIO_VERSION, KAFKA_VERSION, ensureArtifacts } from './artifacts.js';
export * from './errors/index.js';
