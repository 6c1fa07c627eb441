import { readFile } from 'node:fs/promises';
import { applyAcls, createKafkaClient, ROLES, roleAcls, type AclChange, type Role, type RoleAclInputs } from '../kafka/index.js';
import type { Logger } from '../logging/index.js';
import { readPassword } from './secure-material.js';
import type { SecureAccess } from './secure-access.js';

/**
 * Gives each role's user of a `--secure` stack exactly its ACLs (`acls --role <role>` for these
 * inputs), as the stack's admin; idempotent. What the stack's users may do depends on the topic
 * prefix and application id they will use, so the caller says (`stack up --secure` passes its own
 * settings').
 */
export async function applyStackAcls(access: SecureAccess, inputs: RoleAclInputs, logger: Logger): Promise<ReadonlyMap<Role, readonly AclChange[]>> {
  const kafka = createKafkaClient({
    brokers: access.brokers,
    clientId: 'gluster-eventing-stack-acls',
    logger,
    connection: {
      ssl: { ca: [await readFile(access.caFile, 'utf8')] },
      sasl: { mechanism: 'scram-sha-512', username: access.username, password: await readPassword(access.passwordFile) },
    },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const changes = new Map<Role, readonly AclChange[]>();
    for (const role of ROLES) {
      const principal = `User:${access.roles[role].username}`;
      changes.set(role, await applyAcls(admin, principal, roleAcls(role, principal, inputs)));
    }
    return changes;
  } finally {
    await admin.disconnect();
  }
}
