import { z } from 'zod';
import { nodeSchema, type NodeSpec } from './node-schema.js';
import { stepSchema, type ScenarioStep } from './step-schema.js';

/**
 * A whole scenario file: the nodes with their hardware and brick layouts, and timed steps.
 * Cross references (brick drives, step nodes, drives and `host:/path` bricks) are checked here too,
 * so a scenario that parses can be played without lookup failures.
 */
export const scenarioSchema = z
  .strictObject({
    description: z.string().optional(),
    diskGeneration: z.enum(['udisks2', 'storaged']).default('udisks2'),
    swappedNameId: z.boolean().default(false),
    nodes: z.array(nodeSchema).min(1),
    steps: z.array(stepSchema).default([]),
  })
  .superRefine((scenario, context) => {
    const issue = (path: (string | number)[], message: string): void => context.addIssue({ code: 'custom', path, message });
    const byId = new Map<string, NodeSpec>();
    const hostnames = new Set<string>();
    scenario.nodes.forEach((node, index) => {
      if (byId.has(node.id)) issue(['nodes', index, 'id'], `duplicate node id ${node.id}`);
      if (hostnames.has(node.hostname)) issue(['nodes', index, 'hostname'], `duplicate hostname ${node.hostname}`);
      byId.set(node.id, node);
      hostnames.add(node.hostname);
      checkNodeHardware(node, (path, message) => issue(['nodes', index, ...path], message));
    });
    const bricks = new Set(scenario.nodes.flatMap((node) => node.bricks.map((brick) => `${node.hostname}:${brick.path}`)));
    scenario.steps.forEach((step, index) => {
      checkStep(step, byId, bricks, (path, message) => issue(['steps', index, ...path], message));
    });
  });

type Report = (path: (string | number)[], message: string) => void;

function checkNodeHardware(node: NodeSpec, report: Report): void {
  const devices = new Set<string>();
  node.drives.forEach((drive, index) => {
    if (devices.has(drive.device)) report(['drives', index, 'device'], `duplicate drive ${drive.device}`);
    devices.add(drive.device);
  });
  const used = new Map<string, string>();
  node.bricks.forEach((brick, index) => {
    const layout = brick.layout;
    const drives = layout.type === 'partition' ? [layout.drive] : layout.drives;
    if (layout.type === 'lvm' && layout.pvs === 'mdraid1' && layout.drives.length < 2) {
      report(['bricks', index, 'layout', 'drives'], 'an MD RAID1 array under LVM needs at least two drives');
    }
    drives.forEach((device, driveIndex) => {
      const path = layout.type === 'partition' ? ['bricks', index, 'layout', 'drive'] : ['bricks', index, 'layout', 'drives', driveIndex];
      if (!devices.has(device)) report(path, `unknown drive ${device} on node ${node.id}`);
      // A whole disk can be an LVM PV or an MD member once; partitions of one disk can be shared.
      const role = layout.type === 'partition' ? `partition${layout.number}` : 'whole';
      const previous = used.get(device);
      if (previous !== undefined && (previous === 'whole' || role === 'whole' || previous === role)) {
        report(path, `drive ${device} is already used by another brick`);
      }
      used.set(device, role);
    });
  });
}

function checkStep(step: ScenarioStep, byId: ReadonlyMap<string, NodeSpec>, bricks: ReadonlySet<string>, report: Report): void {
  const node = step.node === undefined ? undefined : byId.get(step.node);
  if (step.node !== undefined && node === undefined) report(['node'], `unknown node ${step.node}`);
  if (step.action === 'volume.create') {
    step.bricks.forEach((brick, index) => {
      if (!bricks.has(brick)) report(['bricks', index], `unknown brick ${brick} (no node has that hostname and brick path)`);
    });
  }
  if ((step.action === 'brick.add' || step.action === 'brick.remove' || step.action === 'brick.online') && !bricks.has(step.brick)) {
    report(['brick'], `unknown brick ${step.brick} (no node has that hostname and brick path)`);
  }
  if (step.action.startsWith('drive.') && 'drive' in step && node !== undefined) {
    const drive = node.drives.find((candidate) => candidate.device === step.drive);
    if (drive === undefined) report(['drive'], `unknown drive ${step.drive} on node ${node.id}`);
    else if (step.action === 'drive.badSectors' && drive.kind !== 'ata') report(['drive'], `drive ${step.drive} is ${drive.kind}; bad sectors exist only on Drive.Ata`);
    else if (drive.kind === 'scsi') report(['drive'], `drive ${step.drive} is scsi; udisks exports no SMART data for it`);
  }
}

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
