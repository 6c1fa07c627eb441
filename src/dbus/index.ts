/**
 * Shared D-Bus plumbing: a private bus daemon for tests and simulated nodes, the storaged/udisks
 * object-path escaping, and the interface names of both daemon generations.
 */
export { startBusDaemon } from './bus-daemon.js';
export type { BusDaemon, StartBusDaemonOptions } from './bus-daemon.js';
export { BusDaemonError } from './bus-daemon-error.js';
export { escapeObjectPathSegment } from './escape-object-path.js';
export {
  DISK_INTERFACE_SUFFIXES,
  FREEDESKTOP,
  GLUSTER_INTERFACES,
  GLUSTER_PATHS,
  STORAGED,
  UDISKS2,
  diskInterfaceName,
  storageDaemonNames,
} from './interface-names.js';
export type { DiskGeneration, DiskInterface, StorageDaemonNames } from './interface-names.js';
export { createExportedInterface, ExportedInterface } from './service/exported-interface.js';
export type { InterfaceSpec, MethodSpec, PropertySignatures, PropertyValues } from './service/exported-interface.js';
export { ObjectManagerInterface } from './service/object-manager.js';
export type { ManagedObjects } from './service/object-manager.js';
export { ObjectTree } from './service/object-tree.js';
export { sameValue } from './service/same-value.js';
export { BRICK_SPEC, GLUSTERD_SPEC, VOLUME_SPEC, VOLUME_STATUS } from './gluster-module-specs.js';
