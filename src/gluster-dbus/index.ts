/**
 * `gluster-eventing gluster-dbus`: the storaged glusterfs module's D-Bus API (`org.storaged.Storaged`)
 * for a real Gluster node, fed by the `gluster --xml` CLI. See README.md.
 */
export { startGlusterDbusService } from './gluster-dbus-service.js';
export type { GlusterDbusService, StartGlusterDbusServiceOptions } from './gluster-dbus-service.js';
export { createGlusterCli } from './cli/gluster-cli.js';
export type { GlusterCli, GlusterCliOptions } from './cli/gluster-cli.js';
export { probeGlusterdState } from './glusterd/probe-glusterd-state.js';
export { systemdGlusterdState } from './glusterd/systemd-glusterd-state.js';
export type { GlusterdStateSource } from './glusterd/glusterd-state-source.js';
export { parseGlusterDbusSettings, DEFAULT_POLL_INTERVAL_MS } from './settings.js';
export type { GlusterDbusSettings, GlusterDbusSettingsInput, GlusterdStateMode } from './settings.js';
export { parseXml } from './xml/parse-xml.js';
export type { XmlElement } from './xml/parse-xml.js';
export { parseVolumeInfo } from './model/parse-volume-info.js';
export { parseVolumeStatus } from './model/parse-volume-status.js';
export { buildSnapshot, brickObjectPath, volumeObjectPath } from './model/build-snapshot.js';
export type { SnapshotFacts } from './model/build-snapshot.js';
export { diffSnapshots } from './model/diff-snapshots.js';
export type { SnapshotDiff } from './model/diff-snapshots.js';
export type { ObjectInterfaces, ObjectSnapshot } from './model/object-snapshot.js';
export type { BrickFacts, BrickProcessFacts, GlusterdFacts, VolumeFacts } from './model/gluster-facts.js';
export { createRefreshLoop } from './refresh/refresh-loop.js';
export type { RefreshLoop, RefreshLoopOptions, RefreshOutcome } from './refresh/refresh-loop.js';
export { BRICK_SPEC, GLUSTERD_SPEC, VOLUME_SPEC, VOLUME_STATUS } from './export/gluster-interfaces.js';
export { DbusNameError, GlusterCliError, GlusterXmlError } from './errors/index.js';
export type { GlusterCliFailure } from './errors/index.js';
