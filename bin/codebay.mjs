#!/usr/bin/env node
// The `codebay` command: rebuilds the main-process bundle when sources changed, then runs the CLI.
import { ensureMainBuilt } from '../scripts/build-main.mjs';

await ensureMainBuilt();
await import('../dist/electron/cli.js');
