import type { VolumeStatus } from '../domain/index.js';

/** TypeScript shape of schemas/volume-state-value.avsc. */
export interface VolumeState {
  readonly name: string;
  readonly id: string | null;
  readonly status: VolumeStatus;
  readonly brickCount: number;
  readonly bricks: readonly string[];
  readonly reportingNodes: readonly string[];
  readonly disagreeingNodes: readonly string[];
  readonly nodesAgree: boolean;
  readonly disagreeingSince: number | null;
  readonly nameIdSwapped: boolean;
  readonly lastChangedAt: number;
}
