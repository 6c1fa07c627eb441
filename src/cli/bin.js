#!/usr/bin/env node
// The installed entry point (package.json `bin`). It runs the compiled CLI once `npm run build` has
// written dist/ (plain node: no loader thread, less memory), else the TypeScript source through tsx's
// loader, so a checkout works without a build. A present build wins: rebuild after changing the source.
import { existsSync } from 'node:fs';

const compiled = new URL('../../dist/src/cli/main.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./main.ts');
}
