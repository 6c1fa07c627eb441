import { z } from 'zod';
import { uuidSchema } from './node-schema.js';

/**
 * One change. Volume and brick steps without `node` apply to every node (each node's storaged sees
 * the cluster-wide `gluster volume info`); with `node` only that node's view changes, to simulate a
 * node whose storaged missed a Reload. Drive, glusterd and node steps always name one node.
 */
const volume = z.string().regex(/^[A-Za-z0-9_-]+$/, 'a gluster volume name');
const brickName = z.string().regex(/^[^:]+:\/.*$/, 'a brick as host:/path');
const at = z.number().nonnegative().default(0);
const node = z.string();

/** `replica R [arbiter 1]` or `disperse D redundancy N`, as gluster's `volume create` takes them. */
const layout = z
  .strictObject({
    replica: z.number().int().min(1).default(1),
    arbiter: z.union([z.literal(0), z.literal(1)]).default(0),
    disperse: z.number().int().min(0).default(0),
    redundancy: z.number().int().min(0).default(0),
  })
  .refine((value) => value.arbiter === 0 || value.replica === 3, 'arbiter 1 needs replica 3')
  .refine((value) => value.disperse === 0 || (value.redundancy >= 1 && 2 * value.redundancy < value.disperse), 'disperse needs 1 <= redundancy < disperse/2')
  .refine((value) => value.disperse === 0 || value.replica === 1, 'a volume is replicated or dispersed, not both');

export const stepSchema = z.discriminatedUnion('action', [
  z.strictObject({ at, node: node.optional(), action: z.literal('volume.create'), volume, id: uuidSchema.optional(), bricks: z.array(brickName).default([]), layout: layout.optional() }),
  z.strictObject({ at, node: node.optional(), action: z.literal('volume.start'), volume }),
  z.strictObject({ at, node: node.optional(), action: z.literal('volume.stop'), volume }),
  z.strictObject({ at, node: node.optional(), action: z.literal('volume.delete'), volume }),
  z.strictObject({ at, node: node.optional(), action: z.literal('volume.status'), volume, status: z.number().int().min(0).max(0xffffffff) }),
  z.strictObject({ at, node: node.optional(), action: z.literal('brick.add'), volume, brick: brickName }),
  z.strictObject({ at, node: node.optional(), action: z.literal('brick.remove'), volume, brick: brickName }),
  z.strictObject({ at, node: node.optional(), action: z.literal('brick.online'), volume, brick: brickName, online: z.boolean() }),
  z.strictObject({ at, node, action: z.literal('glusterd.state'), activeState: z.string().min(1), loadState: z.string().min(1).optional() }),
  z.strictObject({ at, node, action: z.literal('drive.smartFailing'), drive: z.string(), failing: z.boolean() }),
  z.strictObject({ at, node, action: z.literal('drive.temperature'), drive: z.string(), celsius: z.number().min(-50).max(150) }),
  z.strictObject({ at, node, action: z.literal('drive.badSectors'), drive: z.string(), count: z.number().int().min(-1) }),
  z.strictObject({ at, node, action: z.literal('node.lose'), mode: z.enum(['bus', 'service']).default('bus') }),
  z.strictObject({ at, node, action: z.literal('node.return') }),
]);

export type ScenarioStep = z.infer<typeof stepSchema>;
export type ScenarioStepInput = z.input<typeof stepSchema>;
