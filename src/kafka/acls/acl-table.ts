import type { AclBinding } from './acl-binding.js';

/**
 * A role's ACLs as Markdown table rows, `| role | resource | pattern | names | operations |`: the
 * operations on each resource, and resources with the same operations in one row. What the README's
 * ACL table holds (`acls --table`, checked by test/unit/kafka/readme-acls.test.ts).
 */
export function aclTableRows(role: string, acls: readonly AclBinding[]): string[] {
  const operationsOf = new Map<string, { readonly acl: AclBinding; readonly operations: string[] }>();
  for (const acl of acls) {
    const key = `${acl.resourceType} ${acl.patternType} ${acl.resourceName}`;
    const entry = operationsOf.get(key) ?? { acl, operations: [] };
    entry.operations.push(acl.operation);
    operationsOf.set(key, entry);
  }
  const rows = new Map<string, { readonly cells: readonly string[]; readonly names: string[] }>();
  for (const { acl, operations } of operationsOf.values()) {
    const cells = [acl.resourceType, acl.patternType, operations.join(', ')];
    const key = cells.join(' ');
    const row = rows.get(key) ?? { cells, names: [] };
    row.names.push(`\`${acl.resourceName}\``);
    rows.set(key, row);
  }
  return [...rows.values()].map(({ cells: [type, pattern, operations], names }) => `| ${role} | ${type} | ${pattern} | ${names.join(', ')} | ${operations} |`);
}
