import type { RawPropertyChange } from '../../../src/serde/index.js';
import { glusterWorkload } from '../../bench/streams/gluster-workload.js';

/**
 * The raw input of the processor fault tests: a synthetic cluster's snapshots, then rounds of volume
 * status changes reported by every node, SMART temperature / bad-sector / failing changes and
 * heartbeats (the streams bench's workload), enough to raise and resolve DRIVE_TEMPERATURE_HIGH,
 * DRIVE_SMART_FAILING, BRICK_ON_FAILING_DRIVE and VOLUME_STOPPED. Event times start 10 minutes ago.
 */
export function faultWorkload(records: number): RawPropertyChange[] {
  return glusterWorkload({ records, nodes: 3, volumes: 8, drivesPerNode: 4, startAt: Date.now() - 600_000 });
}
