import type { XmlElement } from '../xml/parse-xml.js';
import { childInteger, childNamed, childText, childrenNamed, requireChild } from '../xml/xml-element.js';
import type { BrickFacts, VolumeFacts, VolumeLayoutFacts } from './gluster-facts.js';

/**
 * Volumes from the `<cliOutput>` of `gluster volume info all --xml` (opRet already checked).
 * A brick is written as `<brick uuid="U">host:/path<name>host:/path</name><hostUuid>U</hostUuid>...`;
 * the child elements win, the text and attribute are the fallback for older CLIs.
 *
 * @example parseVolumeInfo(parseXml(xml)) // [{ name: 'tv1', id: '45e1...', status: 0, bricks: [{ name: 'vm:/b1', hostUuid: 'ec02...' }], layout: { type: 'Distribute', replicaCount: 1, ... } }]
 */
export function parseVolumeInfo(cliOutput: XmlElement): VolumeFacts[] {
  const volumes = requireChild(requireChild(cliOutput, 'volInfo'), 'volumes');
  return childrenNamed(volumes, 'volume').map((volume) => ({
    name: childText(volume, 'name'),
    id: childText(volume, 'id'),
    status: childInteger(volume, 'status'),
    bricks: childNamed(volume, 'bricks') === undefined ? [] : childrenNamed(requireChild(volume, 'bricks'), 'brick').map(brickFacts),
    layout: layoutFacts(volume),
  }));
}

/** The redundancy layout; a count the CLI leaves out (older versions) is 0, a missing `typeStr` is "". */
function layoutFacts(volume: XmlElement): VolumeLayoutFacts {
  return {
    type: childNamed(volume, 'typeStr')?.text.trim() ?? '',
    replicaCount: optionalCount(volume, 'replicaCount'),
    arbiterCount: optionalCount(volume, 'arbiterCount'),
    disperseCount: optionalCount(volume, 'disperseCount'),
    redundancyCount: optionalCount(volume, 'redundancyCount'),
  };
}

function brickFacts(brick: XmlElement): BrickFacts {
  return {
    name: childNamed(brick, 'name')?.text.trim() ?? brick.text.trim(),
    hostUuid: childNamed(brick, 'hostUuid')?.text.trim() ?? brick.attributes['uuid'] ?? '',
  };
}

function optionalCount(volume: XmlElement, name: string): number {
  return childNamed(volume, name) === undefined ? 0 : childInteger(volume, name, 0);
}
