#!/usr/bin/env node
// The `codebay` command: rebuilds the main-process bundle (and, for commands that show the UI,
// the renderer) when sources changed, then runs the CLI.
import { ensureMainBuilt } from '../scripts/build-main.mjs';
import { ensureUiBuilt } from '../scripts/build-ui.mjs';

const showsUi = new Set(['serve']);

await ensureMainBuilt();
if (showsUi.has(process.argv[2] ?? '')) {
  try {
    ensureUiBuilt();
  } catch (error) {
    process.stderr.write(`codebay: ${error.message}\n`);
    process.exit(1);
  }
}
await import('../dist/electron/cli.js');
