import type { Health } from './drive-health.js';

/** TypeScript shape of schemas/brick-state-value.avsc. */
export interface BrickState {
  readonly name: string;
  readonly volume: string | null;
  readonly host: string;
  readonly path: string;
  readonly hostUuid: string;
  readonly nodeId: string | null;
  readonly mountPoint: string | null;
  readonly blockDevices: readonly string[];
  readonly drives: readonly { readonly drivePath: string; readonly model: string | null; readonly serial: string | null; readonly health: Health }[];
  readonly health: Health;
  readonly healthReasons: readonly string[];
  readonly lastChangedAt: number;
}

/** Splits gluster's brick name `host:/path` (the host may itself contain ':' for IPv6). */
export function splitBrickName(name: string): { host: string; path: string } {
  const separator = name.lastIndexOf(':/');
  return separator === -1 ? { host: '', path: name } : { host: name.slice(0, separator), path: name.slice(separator + 1) };
}
