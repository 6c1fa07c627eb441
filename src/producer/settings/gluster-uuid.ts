/**
 * The node's Gluster peer UUID from the text of /var/lib/glusterd/glusterd.info
 * (`UUID=73c0ac0a-...` among `operating-version=...` lines); null when the file or line is absent.
 */
export function glusterUuidFromInfo(text: string | null): string | null {
  if (text === null) return null;
  const line = text.split('\n').find((candidate) => candidate.trim().startsWith('UUID='));
  const value = line?.trim().slice('UUID='.length).trim();
  return value === undefined || value === '' ? null : value;
}
