import { createExportedInterface, GLUSTER_INTERFACES, type InterfaceSpec, type ObjectTree } from '../../dbus/index.js';
import type { SnapshotDiff } from '../model/diff-snapshots.js';
import { BRICK_SPEC, GLUSTERD_SPEC, VOLUME_SPEC } from './gluster-interfaces.js';

/**
 * Applies a diff to the exported tree: removals first (InterfacesRemoved), then additions
 * (InterfacesAdded), then property changes (one PropertiesChanged per interface, changed
 * properties only). `specs` maps interface names to specs; the manager's is per service.
 */
export function applyDiff(tree: ObjectTree, diff: SnapshotDiff, specs: ReadonlyMap<string, InterfaceSpec>): void {
  for (const { path } of diff.removed) tree.remove(path);
  for (const { path, interfaces } of diff.added) {
    tree.add(path, Object.entries(interfaces).map(([name, values]) => createExportedInterface(specOf(specs, name), values)));
  }
  for (const { path, iface, properties } of diff.changed) {
    const exported = tree.interfaces(path)?.find((candidate) => candidate.spec.name === iface);
    if (exported === undefined) throw new TypeError(`no exported ${iface} at ${path}`);
    exported.update(properties);
  }
}

/** The specs of the module's interfaces, with this service's manager spec. */
export function glusterSpecs(manager: InterfaceSpec): ReadonlyMap<string, InterfaceSpec> {
  return new Map([
    [GLUSTER_INTERFACES.manager, manager],
    [GLUSTER_INTERFACES.glusterd, GLUSTERD_SPEC],
    [GLUSTER_INTERFACES.volume, VOLUME_SPEC],
    [GLUSTER_INTERFACES.brick, BRICK_SPEC],
  ]);
}

function specOf(specs: ReadonlyMap<string, InterfaceSpec>, name: string): InterfaceSpec {
  const spec = specs.get(name);
  if (spec === undefined) throw new TypeError(`no interface spec for ${name}`);
  return spec;
}
