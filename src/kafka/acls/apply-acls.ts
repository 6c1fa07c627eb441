import kafkajs, { type Admin, type AclEntry } from 'kafkajs';
import { aclKey, type AclBinding, type AclOperation, type AclPatternType, type AclResourceType } from './acl-binding.js';

// kafkajs is CommonJS; Node's ESM loader cannot see all of its named exports.
const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

export type AclChange =
  | { readonly action: 'created' | 'present'; readonly acl: AclBinding }
  /** Allowed to the principal on the cluster but not wanted: reported, never removed (an operator may have meant it). */
  | { readonly action: 'not-wanted'; readonly acl: AclBinding };

/**
 * Makes the cluster allow `wanted` (all for one principal), idempotently: reads the principal's
 * ALLOW bindings, creates the missing ones in one request, and reports the ones it holds beyond
 * `wanted` without deleting them.
 */
export async function applyAcls(admin: Admin, principal: string, wanted: readonly AclBinding[]): Promise<AclChange[]> {
  const existing = await describePrincipal(admin, principal);
  const existingKeys = new Set(existing.map(aclKey));
  const missing = wanted.filter((acl) => !existingKeys.has(aclKey(acl)));
  if (missing.length > 0) await admin.createAcls({ acl: missing.map(toKafkajs) });
  const wantedKeys = new Set(wanted.map(aclKey));
  return [
    ...wanted.map((acl): AclChange => ({ action: existingKeys.has(aclKey(acl)) ? 'present' : 'created', acl })),
    ...existing.filter((acl) => !wantedKeys.has(aclKey(acl))).map((acl): AclChange => ({ action: 'not-wanted', acl })),
  ];
}

async function describePrincipal(admin: Admin, principal: string): Promise<AclBinding[]> {
  const { resources } = await admin.describeAcls({
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.ANY,
    principal,
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ALLOW,
  });
  return resources.flatMap((resource) =>
    resource.acls.flatMap((acl): AclBinding[] => {
      const resourceType = nameOf(RESOURCE_TYPES, resource.resourceType);
      const patternType = nameOf(PATTERN_TYPES, resource.resourcePatternType);
      const operation = nameOf(OPERATIONS, acl.operation);
      // Bindings this model cannot name (ALL, ALTER, a host other than *) are not ours to compare.
      if (resourceType === undefined || patternType === undefined || operation === undefined || acl.host !== '*') return [];
      return [{ principal: acl.principal, resourceType, patternType, resourceName: resource.resourceName, operation }];
    }),
  );
}

const RESOURCE_TYPES: Readonly<Record<AclResourceType, number>> = {
  TOPIC: AclResourceTypes.TOPIC,
  GROUP: AclResourceTypes.GROUP,
  TRANSACTIONAL_ID: AclResourceTypes.TRANSACTIONAL_ID,
  CLUSTER: AclResourceTypes.CLUSTER,
};
const PATTERN_TYPES: Readonly<Record<AclPatternType, number>> = { LITERAL: ResourcePatternTypes.LITERAL, PREFIXED: ResourcePatternTypes.PREFIXED };
const OPERATIONS: Readonly<Record<AclOperation, number>> = {
  READ: AclOperationTypes.READ,
  WRITE: AclOperationTypes.WRITE,
  CREATE: AclOperationTypes.CREATE,
  DELETE: AclOperationTypes.DELETE,
  DESCRIBE: AclOperationTypes.DESCRIBE,
  DESCRIBE_CONFIGS: AclOperationTypes.DESCRIBE_CONFIGS,
};

function nameOf<K extends string>(table: Readonly<Record<K, number>>, value: number): K | undefined {
  return (Object.keys(table) as K[]).find((key) => table[key] === value);
}

function toKafkajs(acl: AclBinding): AclEntry {
  return {
    principal: acl.principal,
    host: '*',
    permissionType: AclPermissionTypes.ALLOW,
    operation: OPERATIONS[acl.operation],
    resourceType: RESOURCE_TYPES[acl.resourceType],
    resourceName: acl.resourceName,
    resourcePatternType: PATTERN_TYPES[acl.patternType],
  };
}
