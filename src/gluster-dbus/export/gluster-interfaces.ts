import { GLUSTER_INTERFACES, type InterfaceSpec } from '../../dbus/index.js';

/** Volume `status` on D-Bus: gluster's integer; anything else is reported as 3 = Unknown, as the module's XML asks. */
export const VOLUME_STATUS = Object.freeze({ created: 0, started: 1, stopped: 2, unknown: 3 });

/**
 * The storaged glusterfs module's interfaces (`org.storaged.Storaged.glusterfs.xml`, branch
 * `glusterfs`, 2016-03), property names lower-case as on the wire. The module's Start/Stop/Delete/
 * VolumeCreate/GlusterdStart/GlusterdStop methods are not exported: this service only reports.
 */
export const VOLUME_SPEC: InterfaceSpec = {
  name: GLUSTER_INTERFACES.volume,
  properties: { name: 's', id: 's', status: 'u', brickcount: 'u', bricks: 'ao' },
};

/**
 * Brick, with an extension over the module: `online` (b), `port` (i) and `pid` (i) from
 * `gluster volume status`, so a dead brick process is visible. -1 = not known / not running.
 */
export const BRICK_SPEC: InterfaceSpec = {
  name: GLUSTER_INTERFACES.brick,
  properties: { hostUuid: 's', name: 's', volume: 'o', online: 'b', port: 'i', pid: 'i' },
};

export const GLUSTERD_SPEC: InterfaceSpec = {
  name: GLUSTER_INTERFACES.glusterd,
  properties: { LoadState: 's', ActiveState: 's' },
};

/**
 * Manager.GlusterFS with a working `Reload(a{sv})` that resolves once gluster has been re-read. A
 * spec per service, because the handler belongs to that service. `volumes` (declared by the module
 * but never set there) holds the volume object paths. `Reload()` without arguments is served by `acceptReloadWithoutOptions`.
 */
export function managerSpec(reload: () => Promise<void>): InterfaceSpec {
  return {
    name: GLUSTER_INTERFACES.manager,
    properties: { volumes: 'ao' },
    methods: { Reload: { inSignature: 'a{sv}', outSignature: '', handler: () => reload() } },
  };
}
