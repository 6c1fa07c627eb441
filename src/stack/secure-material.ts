import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { defaultPrincipal, ROLES, type Role } from '../kafka/index.js';
import { StackPrerequisiteError, StackProcessCrashedError } from './errors/index.js';

const run = promisify(execFile);

/**
 * Everything `stack up --secure` needs, in `<dir>/secure/`: a throwaway CA, one server certificate for
 * 127.0.0.1/localhost signed by it (the brokers' SASL_SSL listeners and the registry's https share it),
 * and random passwords: one SCRAM user per role and an admin, the brokers' own PLAIN credential for
 * the controller and inter-broker listeners, and the registry's basic-auth user. Private keys and
 * passwords are files readable by the owner only.
 */
export interface SecureMaterial {
  /** PEM of the CA: what clients trust (`KAFKA_SSL_CA_FILE`, `SCHEMA_REGISTRY_CA_FILE`). */
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** Key and certificate in one PEM file: Kafka's `ssl.keystore.type=PEM` keystore. */
  readonly keystoreFile: string;
  /**
   * The SCRAM users, written when storage is formatted: `admin` is a super user (the readiness probe,
   * `topics apply`, `acls --apply`), each role's user gets exactly that role's ACLs.
   */
  readonly kafkaUsers: Readonly<Record<StackUser, StackCredential>>;
  /** The password of `User:broker`, the brokers' own super-user principal (PLAIN, never advertised to clients). */
  readonly brokerPasswordFile: string;
  /**
   * The registry's basic-auth users, named as the Kafka ones: `admin` may register schemas and change
   * compatibility (Apicurio's `sr-admin`), each role only reads (`sr-readonly`: id and subject lookups).
   */
  readonly registryUsers: Readonly<Record<StackUser, StackCredential>>;
}

/** A Kafka user of the stack: the admin or one per role. */
export type StackUser = 'admin' | Role;
export const STACK_USERS: readonly StackUser[] = ['admin', ...ROLES];

export interface StackCredential {
  readonly username: string;
  readonly passwordFile: string;
}

/** The brokers' own principal (`User:broker`): a super user, on the controller and inter-broker listeners only. */
export const BROKER_USERNAME = 'broker';
const VALID_DAYS = '3650';

/** `gluster-eventing-admin`, `gluster-eventing-producer`, ...: the role's default principal's name. */
export function stackUsername(user: StackUser): string {
  return user === 'admin' ? 'gluster-eventing-admin' : defaultPrincipal(user).replace(/^User:/, '');
}

/** Generates the material on first use (openssl), and reuses it after: the SCRAM credentials are formatted into the data once. */
export async function ensureSecureMaterial(secureDir: string, openssl = 'openssl'): Promise<SecureMaterial> {
  const material: SecureMaterial = {
    caFile: join(secureDir, 'ca.pem'),
    certFile: join(secureDir, 'server.pem'),
    keyFile: join(secureDir, 'server.key'),
    keystoreFile: join(secureDir, 'server-keystore.pem'),
    kafkaUsers: credentials(secureDir, 'kafka'),
    brokerPasswordFile: join(secureDir, 'kafka-password-broker'),
    registryUsers: credentials(secureDir, 'registry'),
  };
  await mkdir(secureDir, { recursive: true, mode: 0o700 });
  // Each password is made once: a folder from an earlier version gets only the ones it lacks.
  const users = [...Object.values(material.kafkaUsers), ...Object.values(material.registryUsers)];
  for (const file of [material.brokerPasswordFile, ...users.map((user) => user.passwordFile)]) {
    if (!(await exists(file))) await writeFile(file, newPassword() + '\n', { mode: 0o600 });
  }
  // The keystore is written last: its presence means complete certificates.
  if (await exists(material.keystoreFile)) return material;
  const caKey = join(secureDir, 'ca.key');
  const request = join(secureDir, 'server.csr');
  const extensions = join(secureDir, 'server.ext');
  await writeFile(extensions, 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n');
  await openSsl(openssl, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', caKey, '-out', material.caFile, '-days', VALID_DAYS, '-subj', '/CN=gluster-eventing stack CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  await openSsl(openssl, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', material.keyFile, '-out', request, '-subj', '/CN=127.0.0.1']);
  await openSsl(openssl, ['x509', '-req', '-in', request, '-CA', material.caFile, '-CAkey', caKey, '-CAcreateserial', '-out', material.certFile, '-days', VALID_DAYS, '-extfile', extensions]);
  const keystore = (await readFile(material.keyFile, 'utf8')) + (await readFile(material.certFile, 'utf8'));
  await writeFile(material.keystoreFile, keystore, { mode: 0o600 });
  return material;
}

/** Every stack user's name and password file (`<dir>/kafka-password-<user>`, `<dir>/registry-password-<user>`). */
function credentials(secureDir: string, service: 'kafka' | 'registry'): Record<StackUser, StackCredential> {
  return Object.fromEntries(STACK_USERS.map((user) => [user, { username: stackUsername(user), passwordFile: join(secureDir, `${service}-password-${user}`) }])) as Record<StackUser, StackCredential>;
}

/** A password file's content without its newline. */
export async function readPassword(file: string): Promise<string> {
  return (await readFile(file, 'utf8')).trim();
}

/** base64url: no character that needs quoting in a properties file, a JAAS line or a shell. */
function newPassword(): string {
  return randomBytes(18).toString('base64url');
}

async function openSsl(openssl: string, args: readonly string[]): Promise<void> {
  try {
    await run(openssl, [...args]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new StackPrerequisiteError('openssl', `no \`${openssl}\` on PATH; --secure needs it to make a throwaway CA (e.g. apt-get install openssl)`, error);
    }
    const stderr = String((error as { stderr?: unknown }).stderr ?? error);
    throw new StackProcessCrashedError(`openssl ${args[0] ?? ''}`, '', stderr.split('\n').filter((line) => line.trim() !== '').slice(0, 3));
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}
