import type { ScenarioStep } from './scenario/step-schema.js';
import type { SimulatedNode } from './simulated-node.js';
import { StepError } from './step-error.js';
import { stableUuid } from './disks/stable-uuid.js';
import { VOLUME_STATUS } from './gluster/gluster-interfaces.js';

/**
 * Applies one step to the nodes it targets (volume/brick steps without `node`: all of them).
 * Only node loss/return is asynchronous; every other step emits its signals synchronously.
 */
export async function applyStep(nodes: readonly SimulatedNode[], step: ScenarioStep): Promise<void> {
  const targets = step.node === undefined ? nodes : [nodeById(nodes, step.node)];
  for (const node of targets) {
    switch (step.action) {
      case 'volume.create':
        node.createVolume({ name: step.volume, id: step.id ?? stableUuid(`volume:${step.volume}`), bricks: step.bricks, ...(step.layout === undefined ? {} : { layout: step.layout }) });
        break;
      case 'volume.start': node.setVolumeStatus(step.volume, VOLUME_STATUS.started); break;
      case 'volume.stop': node.setVolumeStatus(step.volume, VOLUME_STATUS.stopped); break;
      case 'volume.status': node.setVolumeStatus(step.volume, step.status); break;
      case 'volume.delete': node.deleteVolume(step.volume); break;
      case 'brick.add': node.addBrick(step.volume, step.brick); break;
      case 'brick.remove': node.removeBrick(step.volume, step.brick); break;
      case 'brick.online': node.setBrickOnline(step.volume, step.brick, step.online); break;
      case 'glusterd.state':
        node.setGlusterdState(step.loadState === undefined ? { activeState: step.activeState } : { activeState: step.activeState, loadState: step.loadState });
        break;
      case 'drive.smartFailing': node.setSmartFailing(step.drive, step.failing); break;
      case 'drive.temperature': node.setTemperature(step.drive, step.celsius); break;
      case 'drive.badSectors': node.setBadSectors(step.drive, step.count); break;
      case 'node.lose': await node.lose(step.mode); break;
      case 'node.return': await node.restore(); break;
    }
  }
}

export function nodeById(nodes: readonly SimulatedNode[], id: string): SimulatedNode {
  const node = nodes.find((candidate) => candidate.nodeId === id);
  if (node === undefined) throw new StepError(`no node ${id}`);
  return node;
}
