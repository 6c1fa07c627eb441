#!/usr/bin/env node
// The installed entry point: runs the TypeScript CLI through tsx's loader, so that the
// published package and `npm run cli` execute the very same source.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
