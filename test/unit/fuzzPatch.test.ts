import { replayChanges } from '../support/patchReplay.js';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  applyPatchToDir,
  type FileChange,
  parsePatch,
  PatchError,
  planPatch,
  summarizeChanges,
  validatePatchPath,
} from '../../electron/agent/patch/index.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
/** Far above what one case takes (well under a millisecond); a case this slow is a hang. */
const CASE_LIMIT_MS = 1_000;

type Files = Map<string, Buffer>;
type Gen = fc.GeneratorValue;

interface Scenario {
  files: Files;
  patch: string;
  expected: Files;
}

const SEGMENTS = ['src', 'lib', 'a b', 'ünï', 'x.y', '日本', 'e-f', '_g', 'deep'] as const;
const NAMES = ['f.txt', 'g.py', 'h i.md', 'ß.rs', 'Makefile', '.env'] as const;
const TEXT_CHARS = ['a', 'b', 'z', ' ', '\t', 'é', '-', '+', '@', '*', '(', '}', '“', '—', '日', '\\', '$'] as const;

// Built once: gen() is slow with arbitraries made afresh for every draw.
const lineText = fc.string({ unit: fc.constantFrom(...TEXT_CHARS), maxLength: 10 });
const binaryText = fc.string({ unit: 'binary', maxLength: 40 });
const graphemeText = fc.string({ unit: 'grapheme', maxLength: 300 });

function pick<T>(g: Gen, items: readonly T[]): T {
  const item = items[g(fc.integer, { min: 0, max: items.length - 1 })];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function pathOf(g: Gen): string {
  const depth = g(fc.integer, { min: 0, max: 2 });
  const folders = Array.from({ length: depth }, () => pick(g, SEGMENTS));
  return [...folders, pick(g, NAMES)].join('/');
}

function textOf(g: Gen): string {
  return g(() => lineText);
}

function encode(lines: readonly string[]): Buffer {
  return Buffer.from(lines.map((line) => `${line}\n`).join(''), 'utf8');
}

/** A region of a file's lines replaced by new ones. */
interface Edit {
  start: number;
  end: number;
  added: string[];
}

/**
 * Hunks for non-overlapping edits, with up to three context lines each that never reach into
 * the lines another hunk uses, and sometimes an `@@` anchor on the line just above.
 */
function hunksFor(g: Gen, lines: readonly string[], edits: readonly Edit[]): { text: string[]; kept: Edit[] } {
  const text: string[] = [];
  const kept: Edit[] = [];
  let consumed = 0;
  edits.forEach((edit, index) => {
    const next = edits[index + 1]?.start ?? lines.length;
    const before = g(fc.integer, { min: 0, max: 3 });
    const after = g(fc.integer, { min: 0, max: 3 });
    const from = Math.max(consumed, edit.start - before);
    const to = Math.min(next, edit.end + after);
    if (edit.start - from + (to - edit.end) + (edit.end - edit.start) === 0) return;
    const anchorAt = from - 1;
    const anchored = anchorAt >= consumed && g(fc.boolean);
    text.push(anchored ? `@@ ${lines[anchorAt] ?? ''}` : '@@');
    for (let i = from; i < edit.start; i++) text.push(` ${lines[i] ?? ''}`);
    for (let i = edit.start; i < edit.end; i++) text.push(`-${lines[i] ?? ''}`);
    for (const line of edit.added) text.push(`+${line}`);
    for (let i = edit.end; i < to; i++) text.push(` ${lines[i] ?? ''}`);
    kept.push(edit);
    consumed = to;
  });
  return { text, kept };
}

/** Random files and a correct patch for random changes to them, with the files it must produce. */
function scenario(g: Gen): Scenario {
  const paths = [...new Set(Array.from({ length: g(fc.integer, { min: 1, max: 5 }) }, () => pathOf(g)))];
  const files: Files = new Map();
  const expected: Files = new Map();
  const sections: string[] = [];
  let fresh = 0;
  const newLine = (): string => `N${fresh++}${textOf(g)}`;
  paths.forEach((file, f) => {
    const lines = Array.from({ length: g(fc.integer, { min: 0, max: 25 }) }, (_, i) => `L${f}.${i}${textOf(g)}`);
    const action = pick(g, ['keep', 'update', 'update', 'delete', 'move', 'add'] as const);
    if (action === 'add') {
      sections.push(`*** Add File: ${file}`, ...lines.map((line) => `+${line}`));
      expected.set(file, encode(lines));
      return;
    }
    files.set(file, encode(lines));
    if (action === 'keep') {
      expected.set(file, encode(lines));
    } else if (action === 'delete') {
      sections.push(`*** Delete File: ${file}`);
    } else {
      const edits: Edit[] = [];
      for (let start = g(fc.integer, { min: 0, max: 4 }); start < lines.length; ) {
        const end = Math.min(lines.length, start + g(fc.integer, { min: 0, max: 3 }));
        const added = Array.from({ length: g(fc.integer, { min: 0, max: 3 }) }, newLine);
        if (end > start || added.length > 0) edits.push({ start, end, added });
        start = end + g(fc.integer, { min: 1, max: 8 });
      }
      const { text, kept } = hunksFor(g, lines, edits);
      const target = action === 'move' ? `moved/${f}/${file}` : file;
      if (text.length === 0 && action === 'update') {
        expected.set(file, encode(lines));
        return;
      }
      sections.push(`*** Update File: ${file}`, ...(action === 'move' ? [`*** Move to: ${target}`] : []), ...text);
      const result = [...lines];
      for (const edit of [...kept].reverse()) result.splice(edit.start, edit.end - edit.start, ...edit.added);
      expected.set(target, encode(result));
    }
  });
  if (sections.length === 0) {
    sections.push('*** Add File: always/one.txt', '+one');
    expected.set('always/one.txt', encode(['one']));
  }
  return { files, patch: ['*** Begin Patch', ...sections, '*** End Patch'].join('\n'), expected };
}

const HOSTILE_LINES = [
  '*** Begin Patch',
  '*** End Patch',
  '*** Add File: ../escape.txt',
  '*** Update File: .git/config',
  '*** Delete File: /etc/passwd',
  '*** Move to: ~/x',
  '*** Update File: a\\b',
  '*** Add File: ',
  '*** End of File',
  '*** Frobnicate File: x',
  '@@',
  '@@ -1,3 +1,4 @@ def f():',
  "apply_patch <<'EOF'",
  'EOF',
  '-',
  '+',
  ' ',
  '',
  '\r',
  '\0',
  '\uFEFF+bom',
  '+'.repeat(5000),
  `@@ ${'(a+)+'.repeat(50)}`,
] as const;

/** A patch with random damage: lines dropped, repeated, swapped, re-prefixed, cut, garbled, or hostile ones inserted. */
function mutated(g: Gen, patch: string): string {
  const lines = patch.split('\n');
  const rounds = g(fc.integer, { min: 1, max: 4 });
  for (let round = 0; round < rounds && lines.length > 0; round++) {
    const at = g(fc.integer, { min: 0, max: lines.length - 1 });
    const line = lines[at] ?? '';
    switch (pick(g, ['drop', 'repeat', 'swap', 'prefix', 'insert', 'cut', 'crlf', 'garble'] as const)) {
      case 'drop':
        lines.splice(at, 1);
        break;
      case 'repeat':
        lines.splice(at, 0, line);
        break;
      case 'swap': {
        const other = g(fc.integer, { min: 0, max: lines.length - 1 });
        lines[at] = lines[other] ?? '';
        lines[other] = line;
        break;
      }
      case 'prefix':
        lines[at] = pick(g, [' ', '-', '+', '@@ ', '*** ', '', '\t']) + line.slice(1);
        break;
      case 'insert':
        lines.splice(at, 0, pick(g, HOSTILE_LINES));
        break;
      case 'cut':
        lines.splice(at);
        break;
      case 'crlf':
        lines[at] = `${line}\r`;
        break;
      case 'garble':
        lines[at] = g(() => binaryText);
        break;
    }
  }
  return lines.join('\n');
}

/** Workspace files with awkward content: binary, invalid UTF-8, BOM, CRLF, no final newline. */
function awkward(g: Gen, files: Files): Files {
  const out = new Map(files);
  for (const [file, content] of files) {
    switch (pick(g, ['same', 'same', 'binary', 'latin1', 'bom', 'crlf', 'unterminated'] as const)) {
      case 'binary':
        out.set(file, Buffer.concat([content, Buffer.from([0, 1, 2])]));
        break;
      case 'latin1':
        out.set(file, Buffer.concat([Buffer.from([0xff, 0xfe, 0xe9]), content]));
        break;
      case 'bom':
        out.set(file, Buffer.concat([Buffer.from('\uFEFF'), content]));
        break;
      case 'crlf':
        out.set(file, Buffer.from(content.toString('utf8').replace(/\n/g, '\r\n')));
        break;
      case 'unterminated':
        out.set(file, content.subarray(0, Math.max(0, content.length - 1)));
        break;
    }
  }
  return out;
}


async function plan(files: Files, patch: string): Promise<FileChange[]> {
  return planPatch(parsePatch(patch), async (file) => files.get(file) ?? null);
}

function asText(files: Files): Record<string, string> {
  return Object.fromEntries([...files].sort(([a], [b]) => a.localeCompare(b)).map(([file, content]) => [file, content.toString('latin1')]));
}

/** What any patch, however broken, may do: succeed consistently, or fail with a PatchError that says why and what next. */
async function checkAnyPatch(files: Files, patch: string): Promise<'applied' | 'refused'> {
  const started = performance.now();
  let outcome: 'applied' | 'refused';
  try {
    const changes = await plan(files, patch);
    outcome = 'applied';
    const touched = summarizeChanges(changes);
    let state = new Map(files);
    for (const change of changes) {
      expect(validatePatchPath(change.path)).toBe(change.path);
      if (change.kind === 'add') expect(state.has(change.path)).toBe(change.replaced === true);
      else expect(state.has(change.path)).toBe(true);
      if (change.kind === 'update' && change.movePath !== undefined) {
        expect(validatePatchPath(change.movePath)).toBe(change.movePath);
        expect(touched).toContain(change.movePath);
      }
      expect(touched).toContain(change.path);
      state = replayChanges(state, [change]);
    }
    // Planning is a pure function of the patch and the files.
    expect(asText(replayChanges(files, await plan(files, patch)))).toEqual(asText(state));
  } catch (error) {
    if (!(error instanceof PatchError)) throw error;
    outcome = 'refused';
    expect(error.what.length).toBeGreaterThan(0);
    expect(error.fix.length).toBeGreaterThan(0);
  }
  expect(performance.now() - started).toBeLessThan(CASE_LIMIT_MS);
  return outcome;
}

describe('apply_patch parser and planner under fuzzing (fast-check)', () => {
  it(`applies ${RUNS.toLocaleString('en-US')} random correct patches to random files exactly`, async () => {
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(fc.gen(), async (g) => {
        const { files, patch, expected } = scenario(g);
        const caseStarted = performance.now();
        const changes = await plan(files, patch);
        expect(asText(replayChanges(files, changes))).toEqual(asText(expected));
        expect(performance.now() - caseStarted).toBeLessThan(CASE_LIMIT_MS);
      }),
      { numRuns: RUNS },
    );
    console.log(`[fuzz] ${RUNS} correct patches in ${Math.round(performance.now() - started)} ms`);
  }, 60_000);

  it(`never crashes or hangs on ${RUNS.toLocaleString('en-US')} random and mutated patches against awkward files`, async () => {
    const outcomes = { applied: 0, refused: 0 };
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(fc.gen(), async (g) => {
        const base = scenario(g);
        const files = awkward(g, base.files);
        const kind = pick(g, ['random', 'mutated', 'mutated', 'intact'] as const);
        const patch = kind === 'random' ? g(() => graphemeText) : kind === 'mutated' ? mutated(g, base.patch) : base.patch;
        outcomes[await checkAnyPatch(files, patch)] += 1;
      }),
      { numRuns: RUNS },
    );
    console.log(`[fuzz] ${RUNS} damaged patches in ${Math.round(performance.now() - started)} ms: ${outcomes.applied} applied, ${outcomes.refused} refused with a PatchError`);
    // Both sides were exercised.
    expect(outcomes.applied).toBeGreaterThan(RUNS / 10);
    expect(outcomes.refused).toBeGreaterThan(RUNS / 10);
  }, 60_000);
});

describe('apply_patch writing into a real folder under fuzzing', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'codebay-fuzz-patch-'));
  const outside = path.join(root, 'outside');
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'target.txt'), 'outside\n');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const RUNS_ON_DISK = 500;
  it(`writes exactly what the plan says in ${RUNS_ON_DISK} cases, and never through a symlink out of the workspace`, async () => {
    let caseNumber = 0;
    await fc.assert(
      fc.asyncProperty(fc.gen(), async (g) => {
        const base = scenario(g);
        const patch = g(fc.boolean) ? base.patch : mutated(g, base.patch);
        const workspace = path.join(root, `case-${caseNumber++}`);
        mkdirSync(workspace);
        for (const [file, content] of base.files) {
          mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
          writeFileSync(path.join(workspace, file), content);
        }
        // A link out of the workspace, under a name the patches use.
        const linkName = pick(g, ['src', 'lib', 'Makefile', 'f.txt'] as const);
        const link = path.join(workspace, linkName);
        const linked = !base.files.has(linkName) && ![...base.files.keys()].some((f) => f.startsWith(`${linkName}/`));
        if (linked) symlinkSync(linkName === 'src' || linkName === 'lib' ? outside : path.join(outside, 'target.txt'), link);

        let planned: Files | undefined;
        try {
          planned = replayChanges(base.files, await plan(base.files, patch));
        } catch (error) {
          if (!(error instanceof PatchError)) throw error;
        }
        try {
          await applyPatchToDir(workspace, patch);
          const onDisk: Files = new Map();
          const walk = (dir: string): void => {
            for (const entry of readdirSync(dir, { withFileTypes: true })) {
              const full = path.join(dir, entry.name);
              if (entry.isSymbolicLink()) continue;
              if (entry.isDirectory()) walk(full);
              else onDisk.set(path.relative(workspace, full), readFileSync(full));
            }
          };
          walk(workspace);
          if (planned && !linked) expect(asText(onDisk)).toEqual(asText(planned));
        } catch (error) {
          if (!(error instanceof PatchError)) throw error;
        }
        expect(readdirSync(outside)).toEqual(['target.txt']);
        expect(readFileSync(path.join(outside, 'target.txt'), 'utf8')).toBe('outside\n');
        rmSync(workspace, { recursive: true, force: true });
      }),
      { numRuns: RUNS_ON_DISK },
    );
  }, 60_000);
});
