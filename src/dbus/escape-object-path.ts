/**
 * Escapes one object-path segment exactly like storaged/udisks `*_safe_append_to_object_path()`
 * (`src/storageddaemonutil.c:142`): `[A-Za-z0-9_]` is kept, every other byte of the UTF-8 encoding
 * becomes `_%02x` (lower-case hex). The result is a valid path element, but not reversible when the
 * input already contains `_xx` sequences, which is why clients must read the `name` property rather
 * than parse the path.
 *
 * @example escapeObjectPathSegment('srv1:/bricks/b1') === 'srv1_3a_2fbricks_2fb1'
 */
export function escapeObjectPathSegment(segment: string): string {
  let escaped = '';
  for (const byte of Buffer.from(segment, 'utf8')) {
    const keep =
      (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || byte === 0x5f;
    escaped += keep ? String.fromCharCode(byte) : `_${byte.toString(16).padStart(2, '0')}`;
  }
  return escaped;
}
