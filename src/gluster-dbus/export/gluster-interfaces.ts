import { BRICK_SPEC as BASE_BRICK_SPEC, GLUSTER_INTERFACES, type InterfaceSpec } from '../../dbus/index.js';

export { GLUSTERD_SPEC, VOLUME_SPEC, VOLUME_STATUS } from '../../dbus/index.js';

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
