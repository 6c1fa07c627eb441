import { BRICK_SPEC as BASE_BRICK_SPEC, GLUSTER_INTERFACES, VOLUME_SPEC as BASE_VOLUME_SPEC, type InterfaceSpec } from '../../dbus/index.js';

export { GLUSTERD_SPEC, VOLUME_STATUS } from '../../dbus/index.js';

/**
 * Volume, with an extension over the module: its redundancy layout from `volume info --xml`, so
 * that a reader can tell which bricks form a replica or disperse set (each run of `replicaCount`
 * or `disperseCount` bricks of `bricks`, in order). `type` is gluster's `typeStr`; counts that do
 * not apply are 0.
 */
export const VOLUME_SPEC: InterfaceSpec = {
  name: BASE_VOLUME_SPEC.name,
  properties: { ...BASE_VOLUME_SPEC.properties, type: 's', replicaCount: 'i', arbiterCount: 'i', disperseCount: 'i', redundancyCount: 'i' },
};

/**
 * Brick, with an extension over the module: `online` (b), `port` (i) and `pid` (i) from
 * `gluster volume status`, so a dead brick process is visible. -1 = not known / not running.
 */
export const BRICK_SPEC: InterfaceSpec = {
  name: BASE_BRICK_SPEC.name,
  properties: { ...BASE_BRICK_SPEC.properties, online: 'b', port: 'i', pid: 'i' },
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
