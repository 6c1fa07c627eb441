import type { RedundancySet, VolumeRisk, VolumeState } from '../../src/serde/index.js';
import type { AlertCondition } from '../domain/index.js';
import { conditionOf, type BrickObservation } from './brick-observation.js';
import { redundancySets } from './redundancy-sets.js';
import { assessSet, worseLevel } from './set-risk.js';

/**
 * A started volume's risk from its layout and what is known of each brick; null while it cannot be
 * told honestly: the volume not started (its bricks are offline by design), its layout unknown (an
 * exporter without the extension), a brick list that does not divide into sets, or a brick whose
 * online state no node has reported yet (counting it up could claim redundancy that is not there,
 * counting it down would raise an alert at every start).
 */
export function volumeRiskOf(volume: VolumeState, bricks: Readonly<Record<string, BrickObservation>>, offline: (brick: string) => boolean): VolumeRisk | null {
  if (volume.status !== 'STARTED' || volume.layout === null) return null;
  const templates = redundancySets(volume.layout, volume.bricks);
  if (templates === null || volume.bricks.some((brick) => bricks[brick]?.online === undefined)) return null;
  const sets: RedundancySet[] = templates.map((template) => {
    const seen = template.bricks.map((brick) => ({ brick, ...conditionOf(bricks[brick.name] ?? {}, offline(brick.name)) }));
    const assessment = assessSet(template, seen.map(({ condition }) => condition));
    return {
      index: template.index,
      kind: template.kind,
      ...assessment,
      bricks: seen.map(({ brick, condition, reasons }) => ({ name: brick.name, role: brick.role, condition, nodeId: bricks[brick.name]?.storage?.nodeId ?? null, reasons })),
    };
  });
  return {
    level: sets.reduce((level, set) => worseLevel(level, set.level), 'HEALTHY' as VolumeRisk['level']),
    tolerates: Math.min(...sets.map((set) => set.tolerates)),
    designedTolerance: Math.min(...sets.map((set) => set.designedTolerance)),
    sets,
  };
}

/**
 * The one alert condition of a volume's risk: VOLUME_DEGRADED, VOLUME_AT_RISK or VOLUME_UNAVAILABLE
 * (exclusive, so a change of level resolves one and raises the next), with the evidence of the sets
 * that are not healthy: which bricks, which drives, which nodes.
 */
export function riskCondition(volume: string, risk: VolumeRisk | null): AlertCondition[] {
  if (risk === null || risk.level === 'HEALTHY') return [];
  const weak = risk.sets.filter((set) => set.level !== 'HEALTHY');
  const impaired = weak.flatMap((set) => set.bricks.filter((brick) => brick.condition !== 'UP'));
  const drives = [...new Set(impaired.flatMap((brick) => brick.reasons.filter((reason) => reason.startsWith('drive ')).map((reason) => reason.slice('drive '.length))))];
  const nodes = [...new Set(impaired.map((brick) => brick.nodeId ?? brick.name.slice(0, brick.name.lastIndexOf(':/'))))].sort();
  const described = impaired.map((brick) => `${brick.name} ${brick.condition} (${brick.reasons.join('; ')})`).join(', ');
  const evidence = {
    level: risk.level,
    tolerates: String(risk.tolerates),
    designedTolerance: String(risk.designedTolerance),
    sets: weak.map((set) => `${set.index}:${set.level}`).join(','),
    bricks: impaired.map((brick) => `${brick.name}:${brick.condition}`).join(','),
    drives: drives.join(','),
    nodes: nodes.join(','),
  };
  switch (risk.level) {
    case 'DEGRADED':
      return [{
        type: 'VOLUME_DEGRADED',
        subject: volume,
        severity: 'WARNING',
        volume,
        message: `volume ${volume} is degraded: its redundancy is reduced, it survives ${risk.tolerates} more brick failure(s): ${described}`,
        evidence,
      }];
    case 'AT_RISK':
      return [{
        type: 'VOLUME_AT_RISK',
        subject: volume,
        severity: 'CRITICAL',
        volume,
        message: `volume ${volume} is at risk: one more failure loses availability or data: ${described}`,
        evidence,
      }];
    case 'UNAVAILABLE':
      return [{
        type: 'VOLUME_UNAVAILABLE',
        subject: volume,
        severity: 'CRITICAL',
        volume,
        message: `volume ${volume} is unavailable: too few bricks up in set(s) ${weak.filter((set) => set.level === 'UNAVAILABLE').map((set) => set.index).join(', ')}: ${described}`,
        evidence,
      }];
  }
}
