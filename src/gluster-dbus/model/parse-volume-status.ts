import type { XmlElement } from '../xml/parse-xml.js';
import { childInteger, childText, childrenNamed, requireChild } from '../xml/xml-element.js';
import { brickKey, type BrickProcessFacts, type BrickProcesses } from './gluster-facts.js';

/**
 * Brick processes from the `<cliOutput>` of `gluster volume status all --xml` (opRet already checked).
 * Only started volumes are listed. Each `<node>` is a brick (`<path>` absolute) or a daemon such as
 * the self-heal daemon (`<hostname>Self-heal Daemon</hostname>`, path = a host name), which is skipped.
 * `<port>N/A</port>` and `<pid>-1</pid>` (a dead brick) both become -1.
 */
export function parseVolumeStatus(cliOutput: XmlElement): BrickProcesses {
  const processes = new Map<string, BrickProcessFacts>();
  const volumes = requireChild(requireChild(cliOutput, 'volStatus'), 'volumes');
  for (const volume of childrenNamed(volumes, 'volume')) {
    for (const node of childrenNamed(volume, 'node')) {
      const path = childText(node, 'path');
      if (!path.startsWith('/')) continue;
      processes.set(brickKey(childText(node, 'peerid'), path), {
        online: childInteger(node, 'status') === 1,
        port: childInteger(node, 'port', -1),
        pid: childInteger(node, 'pid', -1),
      });
    }
  }
  return processes;
}
