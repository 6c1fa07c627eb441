import type { DriveState, Health } from '../../src/serde/index.js';
import type { DiskObject } from './disk-objects.js';

const KELVIN_OFFSET = 273.15;

/**
 * A drive's SMART health, as udisks documents its properties: Drive.Ata is FAILING on SmartFailing,
 * failing attributes or bad sectors (-1 and 0 mean unknown / none); NVMe on any critical warning
 * (it has no SmartFailing). No SMART data at all, or never refreshed (SmartUpdated 0), is UNKNOWN.
 */
export function driveStateOf(nodeId: string, drivePath: string, object: DiskObject, at: number): DriveState {
  const drive = object.Drive ?? {};
  const ata = object['Drive.Ata'];
  const nvme = object['NVMe.Controller'];
  const reasons: string[] = [];
  let health: Health = 'UNKNOWN';

  const kelvin = positive(ata?.['temperatureKelvin'] ?? nvme?.['temperatureKelvin']);
  const badSectors = knownCount(ata?.['badSectors']);
  const attributesFailing = knownCount(ata?.['attributesFailing']);
  const smartFailing = typeof ata?.['smartFailing'] === 'boolean' ? ata['smartFailing'] : null;
  const warnings = Array.isArray(nvme?.['criticalWarnings']) ? (nvme['criticalWarnings'] as readonly string[]) : [];
  const updatedSeconds = positive(ata?.['smartUpdated'] ?? nvme?.['smartUpdated']);

  if (ata !== undefined && updatedSeconds !== null && ata['smartSupported'] !== false) {
    if (smartFailing === true) reasons.push('SmartFailing: the drive predicts its own failure');
    if (attributesFailing !== null && attributesFailing > 0) reasons.push(`${attributesFailing} SMART attributes failing`);
    if (badSectors !== null && badSectors > 0) reasons.push(`${badSectors} bad sectors`);
    health = reasons.length > 0 ? 'FAILING' : 'HEALTHY';
  } else if (nvme !== undefined && updatedSeconds !== null) {
    for (const warning of warnings) reasons.push(`NVMe critical warning: ${warning}`);
    health = reasons.length > 0 ? 'FAILING' : 'HEALTHY';
  }

  return {
    nodeId,
    drivePath,
    model: stringOrNull(drive['model']),
    serial: stringOrNull(drive['serial']),
    wwn: stringOrNull(drive['wwn']),
    smartFailing,
    temperatureKelvin: kelvin,
    temperatureCelsius: kelvin === null ? null : Math.round((kelvin - KELVIN_OFFSET) * 100) / 100,
    badSectors,
    attributesFailing,
    attributesFailedInThePast: knownCount(ata?.['attributesFailedInThePast']),
    selftestStatus: stringOrNull(ata?.['selftestStatus']),
    nvmeCriticalWarnings: [...warnings],
    smartUpdatedAt: updatedSeconds === null ? null : updatedSeconds * 1000,
    health,
    healthReasons: reasons,
    lastChangedAt: at,
    // The trend over time is not in one observation: `observeDriveTrend` sets these.
    degrading: false,
    degradingReasons: [],
  };
}

/** A short human name for a drive: model and serial where known. */
export function driveLabel(state: Pick<DriveState, 'model' | 'serial' | 'drivePath'>): string {
  const label = [state.model, state.serial].filter((part): part is string => part !== null && part !== '').join(' ');
  return label === '' ? state.drivePath : label;
}

function positive(value: unknown): number | null {
  return typeof value === 'number' && value > 0 ? value : null;
}

function knownCount(value: unknown): number | null {
  return typeof value === 'number' && value >= 0 ? value : null;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
