export { DISK_ROLES, GLUSTER_ROLES, interfaceRole } from './interface-roles.js';
export type { DiskRole, InterfaceRole } from './interface-roles.js';
export {
  readBoolean,
  readByteString,
  readByteStrings,
  readNumber,
  readObjectPath,
  readString,
  readStrings,
  readStructureSegmentDevices,
} from './property-readers.js';
export type { Properties } from './property-readers.js';
export { lastPathSegment, normaliseVolumeIdentity, unescapeObjectPathSegment, volumeStatusOf } from './volume-identity.js';
export type { VolumeIdentity } from './volume-identity.js';
export { alertIdOf, reconcileAlerts } from './alerts.js';
export type { AlertCondition } from './alerts.js';
export { withMember } from './sorted-members.js';
