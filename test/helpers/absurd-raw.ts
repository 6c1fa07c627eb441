import { createRecordBuilder, type RecordDraft } from '../../src/producer/index.js';
import type { RawPropertyChange, TypedDbusValue } from '../../src/serde/index.js';

const VOLUME = 'org.storaged.Storaged.GlusterFS.Volume';
const ATA = 'org.freedesktop.UDisks2.Drive.Ata';
const DRIVE = 'org.freedesktop.UDisks2.Drive';
const MEGABYTE_STRING = 'x'.repeat(1_000_000);

const draft = (objectPath: string, iface: string, kind: RecordDraft['kind'], properties: Record<string, TypedDbusValue>): RecordDraft => ({
  busName: iface === VOLUME ? 'org.storaged.Storaged' : 'org.freedesktop.UDisks2',
  objectPath,
  interface: iface,
  kind,
  properties,
  invalidated: [],
});

/**
 * Well-formed raw records (they decode) with absurd content, from two nodes of their own so that
 * they touch none of the load generator's entities: a volume status of 99, a negative brick count,
 * 1 MB strings (a volume id, a drive model), object paths with spaces, unicode, `..` and `//`,
 * properties of the wrong D-Bus type, negative SMART counts, a `__proto__` property and an unknown
 * interface. The README's semantics say what becomes of each (an unknown status is UNKNOWN, a
 * property of the wrong type is not reported, -1 counts are unknown), so the reference model
 * predicts them like any other input.
 *
 * `unencodable` is one more: a SMART refresh time of 2^64-1 seconds, valid on the bus and in the raw
 * schema, whose drive state cannot be written (`smartUpdatedAt` overflows an Avro long). The
 * processor dead-letters the record that would produce it (from `gluster.raw.v1`, where the drive
 * path reads it), so it is not part of what the model predicts.
 */
export function absurdRecords(at: number): { processed: RawPropertyChange[]; unencodable: RawPropertyChange[] } {
  const one = createRecordBuilder({ nodeId: 'fuzz-node-1', glusterUuid: 'ffffffff-0000-4000-8000-00000000f001', sessionId: 'fuzz-session-1', clock: () => at });
  const two = createRecordBuilder({ nodeId: 'fuzz node ☃ 2', glusterUuid: null, sessionId: 'fuzz-session-2', clock: () => at + 1 });
  const odd = '/org/storaged/Storaged/glusterfs/volume/fuzz vol ☃ ../..//x';
  const drive = '/org/freedesktop/UDisks2/drives/fuzz drive ☃/../ü';
  const processed = [
    one(draft('/org/storaged/Storaged/glusterfs/volume/fuzz_2d99', VOLUME, 'SNAPSHOT', { name: { signature: 's', value: 'fuzz-99' }, id: { signature: 's', value: 'not-a-uuid' }, status: { signature: 'u', value: 99 }, brickcount: { signature: 'i', value: -5 }, bricks: { signature: 'ao', value: [] } })),
    two(draft('/org/storaged/Storaged/glusterfs/volume/fuzz_2d99', VOLUME, 'CHANGED', { status: { signature: 's', value: '2' } })),
    one(draft(odd, VOLUME, 'SNAPSHOT', { status: { signature: 'u', value: 4_294_967_295 }, bricks: { signature: 'ao', value: ['/org/storaged/Storaged/glusterfs/brick/ü ../x', '/'] } })),
    two(draft(odd, VOLUME, 'CHANGED', { brickcount: { signature: 'u', value: 0 }, name: { signature: 'ay', value: Buffer.from('wrong type') } })),
    one(draft('/org/storaged/Storaged/glusterfs/volume/fuzz_2dhuge', VOLUME, 'SNAPSHOT', { name: { signature: 's', value: 'fuzz-huge' }, id: { signature: 's', value: MEGABYTE_STRING }, status: { signature: 'u', value: 1 } })),
    one(draft('/org/storaged/Storaged/glusterfs/volume/fuzz_2dgone', VOLUME, 'REMOVED', {})),
    two(draft(drive, DRIVE, 'SNAPSHOT', { Model: { signature: 's', value: MEGABYTE_STRING }, Serial: { signature: 's', value: '' }, ['__proto__']: { signature: 's', value: 'polluted?' } })),
    two(draft(drive, ATA, 'SNAPSHOT', {
      SmartSupported: { signature: 'b', value: true },
      SmartUpdated: { signature: 't', value: 9_007_199_254n },
      SmartFailing: { signature: 's', value: 'yes' },
      SmartTemperature: { signature: 'd', value: -40 },
      SmartNumBadSectors: { signature: 'x', value: -7n },
      SmartNumAttributesFailing: { signature: 'i', value: -3 },
    })),
    two(draft(drive, 'org.freedesktop.UDisks2.Bogus', 'CHANGED', { Nonsense: { signature: 'v', value: { signature: 'as', value: ['a', 'b'] } } })),
  ];
  const unencodable = [one(draft('/org/freedesktop/UDisks2/drives/fuzz_overflow', ATA, 'SNAPSHOT', { SmartSupported: { signature: 'b', value: true }, SmartUpdated: { signature: 't', value: 18_446_744_073_709_551_615n } }))];
  return { processed, unencodable };
}
