import type { VolumeStatus } from '../../src/serde/index.js';

/**
 * The storaged glusterfs module swaps two values (`storagedglusterfsinfo.c`): its `name` property
 * holds the volume UUID and `id` holds the name. A volume name can never be a UUID-shaped string in
 * practice while an id always is, so a UUID in `name` and a non-UUID in `id` means swapped.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface VolumeIdentity {
  readonly name: string | undefined;
  readonly id: string | undefined;
  readonly swapped: boolean;
}

export function normaliseVolumeIdentity(reportedName: string | undefined, reportedId: string | undefined): VolumeIdentity {
  const nameLooksLikeId = reportedName !== undefined && UUID.test(reportedName);
  const idLooksLikeId = reportedId !== undefined && UUID.test(reportedId);
  if (nameLooksLikeId && !idLooksLikeId) return { name: reportedId, id: reportedName, swapped: true };
  return { name: reportedName, id: reportedId, swapped: false };
}

/** The module's `status` (u): 0 Created, 1 Started, 2 Stopped; "unrecognized statuses should be considered equal to Unknown". */
export function volumeStatusOf(code: number | undefined): VolumeStatus {
  switch (code) {
    case 0:
      return 'CREATED';
    case 1:
      return 'STARTED';
    case 2:
      return 'STOPPED';
    default:
      return 'UNKNOWN';
  }
}

/**
 * Decodes storaged's object path escaping (`_xx` = the byte 0xxx). Ambiguous only for names that
 * themselves contain `_` followed by two hex digits; the object's properties are preferred where
 * they exist.
 */
export function unescapeObjectPathSegment(segment: string): string {
  const bytes: number[] = [];
  for (let index = 0; index < segment.length; index += 1) {
    const hex = segment.slice(index + 1, index + 3);
    if (segment[index] === '_' && /^[0-9a-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(segment.charCodeAt(index));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

export function lastPathSegment(objectPath: string): string {
  return objectPath.slice(objectPath.lastIndexOf('/') + 1);
}
