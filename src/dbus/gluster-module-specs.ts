import { GLUSTER_INTERFACES } from './interface-names.js';
import type { InterfaceSpec } from './service/exported-interface.js';

/**
 * The storaged glusterfs module's interfaces (`org.storaged.Storaged.glusterfs.xml`, branch
 * `glusterfs`, 2016-03), as both the simulator and the real exporter export them. Volume and Brick
 * property names are lower-case on the wire; the module declares no signals, so clients see
 * PropertiesChanged and InterfacesAdded/Removed only. Manager.GlusterFS is per service (its `Reload`
 * handler belongs to it).
 */

/** Volume `status`: gluster's `<status>` integer; anything else is 3 = Unknown, as the module's XML asks. */
export const VOLUME_STATUS = Object.freeze({ created: 0, started: 1, stopped: 2, unknown: 3 });

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
