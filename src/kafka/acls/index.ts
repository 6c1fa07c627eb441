export { aclKey, formatAcl } from './acl-binding.js';
export type { AclBinding, AclOperation, AclPatternType, AclResourceType } from './acl-binding.js';
export { defaultPrincipal, ROLES, roleAcls } from './role-acls.js';
export type { Role, RoleAclInputs } from './role-acls.js';
export { applyAcls } from './apply-acls.js';
export type { AclChange } from './apply-acls.js';
export { aclTableRows } from './acl-table.js';
