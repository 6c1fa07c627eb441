/** Splits gluster's brick name `host:/path` (the host may itself contain ':' for IPv6). */
export function splitBrickName(name: string): { host: string; path: string } {
  const separator = name.lastIndexOf(':/');
  return separator === -1 ? { host: '', path: name } : { host: name.slice(0, separator), path: name.slice(separator + 1) };
}
