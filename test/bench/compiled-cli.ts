import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/**
 * How a bench runs the CLI. `compiled` (`node dist/src/cli/main.js`) is what the image, the systemd
 * units and `src/cli/bin.js` after a build run; `tsx` is the TypeScript source through tsx's loader,
 * whose loader thread costs CPU of its own (a 10/s wake-write-read loop cost 1.8 instead of 0.9 ms
 * per cycle under it, `io-floor-bench.mjs`), so figures from it overstate what a deployment pays.
 */
export type CliRunner = 'compiled' | 'tsx';

/** Node arguments that start the CLI with `runner`, relative to the repository root (the benches' cwd). */
export const CLI_ENTRY: Readonly<Record<CliRunner, readonly string[]>> = {
  compiled: ['dist/src/cli/main.js'],
  tsx: ['--import', 'tsx', 'src/cli/main.ts'],
};

/** `npm run build`, so `compiled` runs the current source. */
export function buildCli(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
}
