import { GLUSTER_INTERFACES } from '../../dbus/index.js';
import type { InterfaceSpec } from '../../dbus/index.js';

export { BRICK_SPEC, GLUSTERD_SPEC, VOLUME_SPEC, VOLUME_STATUS } from '../../dbus/index.js';
/** The gluster-dbus exporter's specs (its Volume layout and Brick process extensions), for volumes simulated with a layout. */
export { BRICK_SPEC as EXPORTER_BRICK_SPEC, VOLUME_SPEC as EXPORTER_VOLUME_SPEC } from '../../gluster-dbus/export/gluster-interfaces.js';

/**
 * `volumes` is declared but the module never sets it, so it stays empty; clients enumerate volumes
 * through GetManagedObjects. `Reload` re-reads gluster state in the original; the simulator's
 * state is always current, so it is accepted and does nothing.
 */
export const MANAGER_SPEC: InterfaceSpec = {
  name: GLUSTER_INTERFACES.manager,
  properties: { volumes: 'ao' },
  methods: { Reload: { inSignature: 'a{sv}', outSignature: '', handler: () => undefined } },
};
