import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { applyPatchToDir, PatchError } from '../../electron/agent/patch/index.js';

const DIR = fileURLToPath(new URL('../fixtures/apply-patch-scenarios/', import.meta.url));

const files = z.record(z.string(), z.string());
const scenarioSchema = z.object({
  scenario: z.string(),
  checks: z.string(),
  outcome: z.enum(['applied', 'refused']),
  difference: z.string().optional(),
  input: files,
  patch: z.array(z.string()),
  expected: files,
  codexExpected: files.optional(),
});

const scenarios = readdirSync(DIR)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => scenarioSchema.parse(JSON.parse(readFileSync(path.join(DIR, name), 'utf8'))));

/** A folder as Codex's scenario runner compares it: every file with its bytes, and every folder. */
async function snapshot(root: string, dir = root, into: Record<string, string> = {}): Promise<Record<string, string>> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const relative = path.relative(root, full).split(path.sep).join('/');
    if (entry.isDirectory()) {
      into[`${relative}/`] = '(folder)';
      await snapshot(root, full, into);
    } else {
      into[relative] = await readFile(full, 'latin1');
    }
  }
  return into;
}

/** The snapshot a folder holding exactly these files gives. */
function tree(contents: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [file, text] of Object.entries(contents)) {
    result[file] = Buffer.from(text, 'utf8').toString('latin1');
    const parts = file.split('/');
    for (let depth = 1; depth < parts.length; depth++) result[`${parts.slice(0, depth).join('/')}/`] = '(folder)';
  }
  return result;
}

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

async function run(input: Record<string, string>, patch: string): Promise<{ outcome: 'applied' | 'refused'; root: string }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'codebay-scenario-'));
  roots.push(root);
  for (const [file, text] of Object.entries(input)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  try {
    await applyPatchToDir(root, patch);
    return { outcome: 'applied', root };
  } catch (error) {
    if (!(error instanceof PatchError)) throw error;
    return { outcome: 'refused', root };
  }
}

describe("Codex's apply_patch scenarios, applied to a real folder", () => {
  it('has every scenario of the reference', () => {
    expect(scenarios).toHaveLength(23);
  });

  for (const scenario of scenarios) {
    const title = scenario.difference === undefined ? scenario.checks : `${scenario.checks} (deliberate difference)`;
    it(`scenarios/${scenario.scenario}: ${title}`, async () => {
      const { outcome, root } = await run(scenario.input, `${scenario.patch.join('\n')}\n`);
      expect(outcome).toBe(scenario.outcome);
      const after = await snapshot(root);
      expect(after).toEqual(tree(scenario.expected));
      if (scenario.codexExpected !== undefined) expect(after).not.toEqual(tree(scenario.codexExpected));
    });
  }
});
