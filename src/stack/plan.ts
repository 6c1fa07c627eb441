import { join } from 'node:path';
import type { PortClaim } from './ports.js';

/** Broker count of the embedded cluster: one for development, three to exercise replication. */
export type BrokerCount = 1 | 3;

/** Every port of a stack; index i of `brokers` and `controllers` belongs to node id i + 1. */
export interface StackPorts {
  readonly brokers: readonly number[];
  readonly controllers: readonly number[];
  readonly registry: number;
  /** `--secure` only: each node's SASL_SSL (SCRAM-SHA-512 over TLS) listener for clients. */
  readonly secureBrokers?: readonly number[];
}

/**
 * The public default addresses (a contract with docs, demo and `.env` files): brokers 9092-9094,
 * their KRaft controllers 19092-19094, the registry 8081; with `secure`, SASL_SSL on 9192-9194.
 */
export function defaultPorts(brokers: BrokerCount, secure = false): StackPorts {
  const nodes = Array.from({ length: brokers }, (_, i) => i);
  return {
    brokers: nodes.map((i) => 9092 + i),
    controllers: nodes.map((i) => 19092 + i),
    registry: 8081,
    ...(secure ? { secureBrokers: nodes.map((i) => 9192 + i) } : {}),
  };
}

/** How many ports a stack of this shape needs. */
export const portCount = (brokers: BrokerCount, secure = false): number => (secure ? 3 : 2) * brokers + 1;

/** The same shape filled from a list of free ports (see `pickFreePorts`). */
export function portsFromList(brokers: BrokerCount, free: readonly number[], secure = false): StackPorts {
  const at = (i: number): number => {
    const port = free[i];
    if (port === undefined) throw new RangeError(`need ${portCount(brokers, secure)} ports, got ${free.length}`);
    return port;
  };
  const nodes = Array.from({ length: brokers }, (_, i) => i);
  return {
    brokers: nodes.map((i) => at(i)),
    controllers: nodes.map((i) => at(brokers + i)),
    registry: at(2 * brokers),
    ...(secure ? { secureBrokers: nodes.map((i) => at(2 * brokers + 1 + i)) } : {}),
  };
}

export function portClaims(ports: StackPorts): PortClaim[] {
  return [
    ...ports.brokers.map((port, i) => ({ port, purpose: `Kafka broker ${i + 1}` })),
    ...ports.controllers.map((port, i) => ({ port, purpose: `KRaft controller ${i + 1}` })),
    { port: ports.registry, purpose: 'schema registry' },
    ...(ports.secureBrokers ?? []).map((port, i) => ({ port, purpose: `Kafka broker ${i + 1} SASL_SSL listener` })),
  ];
}

/** Where one Kafka node keeps its files; data is per cluster shape so 1- and 3-broker data never mix. */
export interface KafkaNodePaths {
  readonly nodeId: number;
  readonly dataDir: string;
  readonly propertiesFile: string;
  readonly logFile: string;
}

/**
 * A secure cluster keeps its own data: its SCRAM credentials are written when storage is formatted,
 * which happens once per data folder, so plain and secure data must never be the same folder. (`-roles`:
 * the per-role users; a folder formatted by an earlier version with one shared user is left alone.)
 */
const shape = (brokers: BrokerCount, secure: boolean): string => `kafka-${brokers}b${secure ? '-secure-roles' : ''}`;

export function kafkaNodePaths(dir: string, brokers: BrokerCount, nodeId: number, secure = false): KafkaNodePaths {
  const dataDir = join(dir, 'data', shape(brokers, secure), `node-${nodeId}`);
  return {
    nodeId,
    dataDir,
    propertiesFile: join(dir, 'config', `${shape(brokers, secure)}-node-${nodeId}.properties`),
    logFile: join(dir, 'logs', `kafka-${nodeId}.log`),
  };
}

export const clusterIdFile = (dir: string, brokers: BrokerCount, secure = false): string => join(dir, 'data', shape(brokers, secure), 'cluster-id');

/** `--secure`: the throwaway CA, certificates, keystore and credentials (generated once per `dir`). */
export const secureDir = (dir: string): string => join(dir, 'secure');

export interface RegistryPaths {
  readonly dataDir: string;
  readonly logFile: string;
}

export function registryPaths(dir: string): RegistryPaths {
  return { dataDir: join(dir, 'data', 'registry'), logFile: join(dir, 'logs', 'registry.log') };
}

export const stateFilePath = (dir: string): string => join(dir, 'stack.json');
