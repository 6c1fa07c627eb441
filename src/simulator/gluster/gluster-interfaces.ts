import { GLUSTER_INTERFACES } from '../../dbus/index.js';
import type { InterfaceSpec } from '../../dbus/index.js';

/** Volume `status` values of the module: gluster's `<status>` integer, 3 = Unknown. */
export const VOLUME_STATUS = Object.freeze({ created: 0, started: 1, stopped: 2, unknown: 3 });

/**
 * The glusterfs module's interfaces (`org.storaged.Storaged.glusterfs.xml`, branch `glusterfs`,
 * 2016-03). Volume and Brick property names are lower-case on the wire. The module declares no
 * signals: clients see PropertiesChanged and InterfacesAdded/Removed only.
 */
export const VOLUME_SPEC: InterfaceSpec = {
  name: GLUSTER_INTERFACES.volume,
  properties: { name: 's', id: 's', status: 'u', brickcount: 'u', bricks: 'ao' },
};

export const BRICK_SPEC: InterfaceSpec = {
  name: GLUSTER_INTERFACES.brick,
  properties: { hostUuid: 's', name: 's', volume: 'o' },
};

export const GLUSTERD_SPEC: InterfaceSpec = {
  name: GLUSTER_INTERFACES.glusterd,
  properties: { LoadState: 's', ActiveState: 's' },
};

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
