import { execFile } from 'node:child_process';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { StackArtifacts } from './artifacts.js';
import { StackProcessCrashedError } from './errors/index.js';
import { randomClusterId, renderServerProperties, type SecureNodeConfig } from './kafka-config.js';
import type { BrokerCount, StackPorts } from './plan.js';
import { clusterIdFile, kafkaNodePaths, registryPaths } from './plan.js';
import { BROKER_USERNAME, readPassword, type SecureMaterial, type StackCredential, type StackUser } from './secure-material.js';
import type { BrokerRecord, ServiceRecord } from './state.js';

const run = promisify(execFile);

/**
 * 512 MB is plenty for a test broker and keeps 3 brokers + registry under ~2.5 GB. Small initial heap:
 * these JVMs mostly idle.
 */
const HEAP = ['-Xms64m', '-Xmx512m'];

/**
 * Writes a node's properties, formats its storage (idempotent) and returns its launch record. With
 * `secure`, the SCRAM users are written into the metadata at format time (KRaft has no ZooKeeper to
 * hold it, and `kafka-configs --alter` would need a running cluster and an extra JVM).
 */
export async function prepareBroker(options: {
  readonly dir: string;
  readonly brokerCount: BrokerCount;
  readonly nodeId: number;
  readonly ports: StackPorts;
  readonly clusterId: string;
  readonly artifacts: StackArtifacts;
  readonly java: string;
  readonly secure?: SecureMaterial;
}): Promise<BrokerRecord> {
  const { dir, brokerCount, nodeId, ports, clusterId, artifacts, java, secure } = options;
  const paths = kafkaNodePaths(dir, brokerCount, nodeId, secure !== undefined);
  await mkdir(dirname(paths.propertiesFile), { recursive: true });
  await mkdir(paths.dataDir, { recursive: true });
  const secureConfig = secure === undefined ? undefined : await secureNodeConfig(secure);
  // Owner-only when it holds the broker's password.
  await writeFile(paths.propertiesFile, renderServerProperties({ nodeId, ports, dataDir: paths.dataDir, ...(secureConfig === undefined ? {} : { secure: secureConfig }) }), { mode: 0o600 });
  // A formatted node keeps its data and cluster id across `down`/`up`; formatting only the first time
  // also saves one JVM start per node.
  if (!(await exists(join(paths.dataDir, 'meta.properties')))) {
    const scram = secure === undefined ? [] : await scramArguments(secure);
    const format = ['-cp', artifacts.kafkaClasspath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', paths.propertiesFile, ...scram];
    await run(java, format).catch((error: unknown) => {
      const stderr = String((error as { stderr?: unknown }).stderr ?? error);
      throw new StackProcessCrashedError(`kafka-${nodeId} storage format`, paths.propertiesFile, stderr.split('\n').filter((l) => l.trim() !== '').slice(0, 3));
    });
  }
  return {
    name: `kafka-${nodeId}`,
    nodeId,
    pid: null,
    port: ports.brokers[nodeId - 1] ?? 0,
    controllerPort: ports.controllers[nodeId - 1] ?? 0,
    dataDir: paths.dataDir,
    logFile: paths.logFile,
    cwd: paths.dataDir,
    marker: paths.propertiesFile,
    argv: [
      java,
      ...HEAP,
      `-Dlog4j2.configurationFile=${artifacts.log4jConfig}`,
      `-Dkafka.logs.file=${paths.logFile}`,
      '-cp',
      artifacts.kafkaClasspath,
      'kafka.Kafka',
      paths.propertiesFile,
    ],
  };
}

/** The broker's password and the super users: itself and the stack's admin (readiness probe, `topics apply`, `acls --apply`). */
async function secureNodeConfig(secure: SecureMaterial): Promise<SecureNodeConfig> {
  return {
    keystoreFile: secure.keystoreFile,
    brokerPassword: await readPassword(secure.brokerPasswordFile),
    superUsers: [`User:${BROKER_USERNAME}`, `User:${secure.kafkaUsers.admin.username}`],
  };
}

/** `--add-scram` for every stack user: the admin and one per role. */
async function scramArguments(secure: SecureMaterial): Promise<string[]> {
  const users = Object.values(secure.kafkaUsers);
  const passwords = await Promise.all(users.map((user) => readPassword(user.passwordFile)));
  return users.flatMap((user, i) => ['--add-scram', `SCRAM-SHA-512=[name=${user.username},password=${passwords[i] ?? ''}]`]);
}

/**
 * Apicurio on a file-backed H2 database: schema ids must survive a registry restart, because records
 * already in Kafka carry them. With `secure`, it serves https only and every `/apis/*` request needs
 * HTTP basic auth, checked by Quarkus' embedded user realm, which the Apicurio 3.0.9 runner includes
 * (no Keycloak), and Apicurio's role checks are on: only the admin user writes. The passwords are in
 * an owner-only properties file, not on the command line.
 */
export async function prepareRegistry(options: {
  readonly dir: string;
  readonly port: number;
  readonly artifacts: StackArtifacts;
  readonly java: string;
  readonly secure?: SecureMaterial;
}): Promise<ServiceRecord> {
  const paths = registryPaths(options.dir);
  await mkdir(paths.dataDir, { recursive: true });
  const datasource = `jdbc:h2:file:${paths.dataDir}/registry`;
  const secureArgs = options.secure === undefined ? [] : [`-Dquarkus.config.locations=${await writeRegistrySecurity(options.secure, options.port)}`];
  return {
    name: 'registry',
    pid: null,
    port: options.port,
    dataDir: paths.dataDir,
    logFile: paths.logFile,
    cwd: paths.dataDir,
    marker: datasource,
    argv: [
      options.java,
      ...HEAP,
      `-Dquarkus.http.port=${options.port}`,
      '-Dquarkus.http.host=127.0.0.1',
      `-Dapicurio.datasource.url=${datasource}`,
      ...secureArgs,
      '-jar',
      options.artifacts.registryJar,
    ],
  };
}

/** The Quarkus properties that make the registry https-only with basic auth; returns the file. */
async function writeRegistrySecurity(secure: SecureMaterial, port: number): Promise<string> {
  const file = join(dirname(secure.registryUsers.admin.passwordFile), 'registry-security.properties');
  const users = Object.entries(secure.registryUsers) as [StackUser, StackCredential][];
  const passwords = await Promise.all(users.map(([, user]) => readPassword(user.passwordFile)));
  const properties = {
    'quarkus.http.ssl-port': port,
    'quarkus.http.insecure-requests': 'disabled',
    'quarkus.http.ssl.certificate.files': secure.certFile,
    'quarkus.http.ssl.certificate.key-files': secure.keyFile,
    'quarkus.http.auth.basic': 'true',
    'quarkus.security.users.embedded.enabled': 'true',
    'quarkus.security.users.embedded.plain-text': 'true',
    ...Object.fromEntries(users.flatMap(([role, user], i) => [
      [`quarkus.security.users.embedded.users.${user.username}`, passwords[i] ?? ''],
      // Only the admin registers schemas and changes compatibility; every component only looks ids up.
      [`quarkus.security.users.embedded.roles.${user.username}`, role === 'admin' ? 'sr-admin' : 'sr-readonly'],
    ])),
    // Apicurio checks the roles itself (ccompat lookups are Read, registering is Write): a role user's
    // register is refused with 403.
    'apicurio.auth.role-based-authorization': 'true',
    'apicurio.auth.role-source': 'token',
    'quarkus.http.auth.permission.apis.paths': '/apis/*',
    'quarkus.http.auth.permission.apis.policy': 'authenticated',
  };
  await writeFile(file, Object.entries(properties).map(([key, value]) => `${key}=${value}`).join('\n') + '\n', { mode: 0o600 });
  return file;
}

/** The cluster id of the `brokerCount`-node data in `dir`, made up and recorded on first use. */
export async function clusterIdFor(dir: string, brokerCount: BrokerCount, secure = false): Promise<string> {
  const file = clusterIdFile(dir, brokerCount, secure);
  const recorded = await readFile(file, 'utf8').then((text) => text.trim(), () => '');
  if (recorded !== '') return recorded;
  const id = randomClusterId();
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, id + '\n');
  return id;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}
