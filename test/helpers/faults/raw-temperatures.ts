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

/**
 * What `nodeId`'s producers showed of its drive temperature over several sessions: per session (in
 * the order they started), the CHANGED values in sequence order, preceded by the session's snapshot
 * value when a later session's snapshot shows a value the previous session had not reported (a change
 * made while no producer watched, or while a new one was still reading its snapshot).
 */
export function observedTemperatures(records: readonly RawPropertyChange[], nodeId: string): number[] {
  const celsius = (record: RawPropertyChange): number => Math.round((Number(record.properties['SmartTemperature']?.value) - 273.15) * 100) / 100;
  const own = records.filter((record) => record.nodeId === nodeId && record.interface === ATA && record.properties['SmartTemperature'] !== undefined);
  const sessions = [...new Set(own.map((record) => record.sessionId))].sort((a, b) =>
    Math.min(...own.filter((record) => record.sessionId === a).map((record) => record.observedAt)) - Math.min(...own.filter((record) => record.sessionId === b).map((record) => record.observedAt)));
  const seen: number[] = [];
  for (const [index, session] of sessions.entries()) {
    for (const record of own.filter((r) => r.sessionId === session).sort((a, b) => a.sequence - b.sequence)) {
      if (record.kind === 'CHANGED' || (index > 0 && record.kind === 'SNAPSHOT' && celsius(record) !== seen.at(-1))) seen.push(celsius(record));
    }
  }
  return seen;
}
