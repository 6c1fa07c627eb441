import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'gluster-eventing';

/**
 * The folder holding this package's `package.json`. Files shipped beside the code (`schemas/`,
 * `infra/`) are found from here, never relative to a source file: the same module runs as
 * `src/…/x.ts` under tsx and as `dist/src/…/x.js` once built, at different depths.
 */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the package, e.g. `packagePath('schemas')`. */
export function packagePath(...segments: string[]): string {
  return join(PACKAGE_ROOT, ...segments);
}

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    // The name check skips a package.json that is not ours (one copied into dist/, a parent workspace).
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json named ${PACKAGE_NAME} above ${start}: the package is installed incompletely`);
  }
}
