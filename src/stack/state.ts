import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { BrokerCount } from './plan.js';
import { stateFilePath } from './plan.js';
import type { ServiceLaunch } from './processes.js';
import type { StackCredential, StackUser } from './secure-material.js';

/** One recorded child: how to launch it again and its current pid (null while stopped). */
export interface ServiceRecord extends ServiceLaunch {
  readonly name: string;
  pid: number | null;
  readonly port: number;
  readonly dataDir: string;
}

export interface BrokerRecord extends ServiceRecord {
  readonly nodeId: number;
  readonly controllerPort: number;
}

/**
 * `--secure`: where clients find the CA and the credentials (paths only; the secrets stay in their
 * owner-only files), and each node's SASL_SSL port.
 */
export interface SecureRecord {
  readonly brokerPorts: readonly number[];
  readonly caFile: string;
  /** The SCRAM users: the admin (a super user) and one per role. */
  readonly kafkaUsers: Readonly<Record<StackUser, StackCredential>>;
  /** The registry's basic-auth users: the admin (writes) and one per role (reads only). */
  readonly registryUsers: Readonly<Record<StackUser, StackCredential>>;
}

/**
 * `stack.json` in the stack's folder: everything `down`, `status` and a fault test need to find, stop
 * and relaunch exactly the processes `up` started, from any process.
 */
export interface StackState {
  readonly version: 1;
  readonly dir: string;
  readonly brokerCount: BrokerCount;
  readonly clusterId: string;
  readonly detached: boolean;
  /**
   * Its processes run in their own process group, so a terminal's Ctrl-C does not reach them: detached
   * stacks, and `owned` ones (see `StartStackOptions.lifetime`). Absent (older files): as `detached`.
   */
  readonly ownProcessGroup?: boolean;
  readonly startedAt: string;
  readonly brokers: BrokerRecord[];
  readonly registry: ServiceRecord;
  /** Present for a `--secure` stack: its registry speaks https with basic auth. */
  readonly secure?: SecureRecord;
}

export async function readState(dir: string): Promise<StackState | undefined> {
  try {
    return JSON.parse(await readFile(stateFilePath(dir), 'utf8')) as StackState;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Written to a temporary file and renamed, so a reader never sees half a state. */
export async function writeState(state: StackState): Promise<void> {
  const file = stateFilePath(state.dir);
  await writeFile(`${file}.tmp`, JSON.stringify(state, null, 2) + '\n');
  await rename(`${file}.tmp`, file);
}

export async function removeState(dir: string): Promise<void> {
  await rm(stateFilePath(dir), { force: true });
}
