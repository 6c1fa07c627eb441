import { isAlive } from './processes.js';
import type { BrokerRecord, ServiceRecord, StackState } from './state.js';

/** What runs where, as `stack status --json` prints it. */
export interface ServiceStatus {
  readonly name: string;
  readonly pid: number | null;
  readonly alive: boolean;
  readonly port: number;
  readonly logFile: string;
  readonly dataDir: string;
}

export interface StackStatus {
  readonly mode: 'processes' | 'external' | 'containers';
  readonly dir: string;
  readonly running: boolean;
  readonly brokers: readonly (ServiceStatus & { readonly address: string; readonly nodeId: number; readonly controllerPort: number })[];
  readonly registry: ServiceStatus & { readonly url: string; readonly ccompatUrl: string };
  readonly clusterId: string;
  readonly startedAt: string;
  readonly detached: boolean;
}

export function describeState(state: StackState): StackStatus {
  const service = (record: ServiceRecord): ServiceStatus => ({
    name: record.name,
    pid: record.pid,
    alive: record.pid !== null && isAlive(record.pid, record.marker),
    port: record.port,
    logFile: record.logFile,
    dataDir: record.dataDir,
  });
  // A secure stack's clients use its SASL_SSL port; the broker's own port then serves inter-broker traffic only.
  const clientPort = (b: BrokerRecord, i: number): number => state.secure?.brokerPorts[i] ?? b.port;
  const brokers = state.brokers.map((b, i) => ({ ...service(b), address: `127.0.0.1:${clientPort(b, i)}`, nodeId: b.nodeId, controllerPort: b.controllerPort }));
  const base = `${state.secure === undefined ? 'http' : 'https'}://127.0.0.1:${state.registry.port}`;
  const registry = { ...service(state.registry), url: base, ccompatUrl: `${base}/apis/ccompat/v7` };
  return {
    mode: 'processes',
    dir: state.dir,
    running: brokers.every((b) => b.alive) && registry.alive,
    brokers,
    registry,
    clusterId: state.clusterId,
    startedAt: state.startedAt,
    detached: state.detached,
  };
}

/** A cluster run by somebody else: addresses only, no pids or files of ours. */
export function describeExternal(brokers: readonly string[], ccompatUrl: string, mode: 'external' | 'containers' = 'external'): StackStatus {
  const url = ccompatUrl.replace(/\/apis\/ccompat\/v7\/?$/, '');
  const port = (address: string): number => Number(/:(\d+)(\/|$)/.exec(address)?.[1] ?? 0);
  const none = { pid: null, alive: true, logFile: '', dataDir: '' };
  return {
    mode,
    dir: '',
    running: true,
    brokers: brokers.map((address, i) => ({ ...none, name: `kafka-${i + 1}`, address, nodeId: i + 1, port: port(address), controllerPort: 0 })),
    registry: { ...none, name: 'registry', port: port(url), url, ccompatUrl },
    clusterId: '',
    startedAt: '',
    detached: true,
  };
}
