import { CLUSTER, hostVeth, netnsName, nodeAddress, nodeVeth } from './names.js';
import { sh } from './shell.js';

/**
 * The cluster's network: a bridge with the host's address, and per node a netns joined to it by a
 * veth pair, with `lo` up and **no default route**, so the nodes reach each other, the bridge
 * address (where the webhooks listen) and their own loopback, and nothing else.
 */
export async function createNetwork(nodes: number): Promise<void> {
  await sh('ip', ['link', 'add', CLUSTER.bridge, 'type', 'bridge']);
  await sh('ip', ['addr', 'add', `${CLUSTER.bridgeAddress}/${CLUSTER.prefixLength}`, 'dev', CLUSTER.bridge]);
  await sh('ip', ['link', 'set', CLUSTER.bridge, 'up']);
  for (let node = 1; node <= nodes; node++) {
    const ns = netnsName(node);
    await sh('ip', ['netns', 'add', ns]);
    await sh('ip', ['link', 'add', hostVeth(node), 'type', 'veth', 'peer', 'name', nodeVeth(node)]);
    await sh('ip', ['link', 'set', hostVeth(node), 'master', CLUSTER.bridge, 'up']);
    await sh('ip', ['link', 'set', nodeVeth(node), 'netns', ns]);
    await sh('ip', ['-n', ns, 'addr', 'add', `${nodeAddress(node)}/${CLUSTER.prefixLength}`, 'dev', nodeVeth(node)]);
    await sh('ip', ['-n', ns, 'link', 'set', nodeVeth(node), 'up']);
    await sh('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
  }
}
