import type { RawPropertyChange } from '../../../src/serde/index.js';

const ATA = 'org.freedesktop.UDisks2.Drive.Ata';

/**
 * The SmartTemperature values (°C, rounded to 0.01) of `nodeId`'s CHANGED Drive.Ata records, in the
 * order read: what the producer captured of the temperature changes (snapshots left out).
 */
export function temperatureChanges(records: readonly RawPropertyChange[], nodeId: string): number[] {
  return records
    .filter((record) => record.nodeId === nodeId && record.kind === 'CHANGED' && record.interface === ATA && record.properties['SmartTemperature'] !== undefined)
    .map((record) => Math.round((Number(record.properties['SmartTemperature']?.value) - 273.15) * 100) / 100);
}
