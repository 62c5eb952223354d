import { beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../electron/store/types.js';
import { useEngine } from '../support/engineFixture.js';
import { makeRepo, shBytes } from '../support/gitFixture.js';
import { toolOutputsOf, type Step, type ToolCallSpec } from '../support/modelServer/index.js';
import { answer, byPrompt, patch, shell, userTexts } from '../support/scripts.js';
import { waitForTask } from '../support/taskWait.js';

// The calls in which Codebay's apply_patch differed from Codex's (issue 11), each sent by the
// scripted model exactly as a Codex-trained model sends it, through the real agent loop into a
// real Docker sandbox; each task's result is read back as the whole file tree git holds.

const FILES: Record<string, string> = {
  'pkg/app.py': 'x = 1\n',
  'docs/my notes/todo.md': '- one\n',
  'src/app.py': 'def main():\n    return 1\n',
  'README.md': '# Old title\n\nOld text.\n',
  'tool/spelling.txt': 'before\n',
  'panic.txt': 'line1\nline2\nline3\n',
  'mixed.txt': 'one\r\ntwo\nthree\r\nfour\n',
  'lf-first.txt': 'a\nb\r\nc\r\n',
  'locked.txt': 'keep\n',
};

const bashCall = (script: string): ToolCallSpec => ({ name: 'shell', arguments: { command: ['bash', '-lc', script] } });
const patchCall = (input: string): ToolCallSpec => ({ name: 'apply_patch', arguments: { input } });
const calls = (...toolCalls: ToolCallSpec[]): Step => ({ toolCalls });
const p = (...lines: string[]) => ['*** Begin Patch', ...lines, '*** End Patch'].join('\n');
const RAW = p('*** Add File: raw.txt', '+sent as a command first');

interface Case {
  prompt: string;
  steps: Step[];
  /** The files that differ from FILES afterwards. */
  changed: Record<string, string>;
  /** Text each tool result must contain, in call order. */
  results: (string | RegExp)[];
}

const CASES: Case[] = [
  {
    prompt: '1: cd into a folder, then apply_patch',
    steps: [
      calls(
        bashCall(`cd pkg && apply_patch <<'EOF'\n${p('*** Update File: app.py', '@@', '-x = 1', '+x = 2', '*** Add File: notes.md', '+made in pkg')}\nEOF`),
        bashCall(`cd 'docs/my notes' && apply_patch <<'EOF'\n${p('*** Update File: todo.md', '@@', ' - one', '+- two')}\nEOF`),
        bashCall(`cd "docs/my notes" && apply_patch <<"EOF"\n${p('*** Add File: ../index.md', '+# Docs')}\nEOF`),
      ),
      answer('Done.'),
    ],
    changed: { 'pkg/app.py': 'x = 2\n', 'pkg/notes.md': 'made in pkg\n', 'docs/my notes/todo.md': '- one\n- two\n', 'docs/index.md': '# Docs\n' },
    results: [
      'Success. Updated the following files:\nM pkg/app.py\nA pkg/notes.md',
      'Success. Updated the following files:\nM docs/my notes/todo.md',
      'Success. Updated the following files:\nA docs/index.md',
    ],
  },
  {
    prompt: '2: absolute paths',
    steps: [
      calls(
        patchCall(p('*** Update File: /workspace/src/app.py', '@@ def main():', '-    return 1', '+    return 2')),
        patchCall(p('*** Delete File: /etc/hostname')),
      ),
      answer('Done.'),
    ],
    changed: { 'src/app.py': 'def main():\n    return 2\n' },
    results: ['Success. Updated the following files:\nM src/app.py', /apply_patch failed\. .*"\/etc\/hostname": it is absolute and outside the workspace \(\/workspace\)/],
  },
  {
    prompt: '3: Add File over an existing file',
    steps: [patch(p('*** Add File: README.md', '+# New title', '+', '+Rewritten whole.')), answer('Done.')],
    changed: { 'README.md': '# New title\n\nRewritten whole.\n' },
    results: ['Success. Updated the following files:\nA README.md (it already existed; its content was replaced)'],
  },
  {
    prompt: "4: applypatch <<'PATCH'",
    steps: [shell(['bash', '-lc', `applypatch <<'PATCH'\n${p('*** Update File: tool/spelling.txt', '@@', '-before', '+after')}\nPATCH`]), answer('Done.')],
    changed: { 'tool/spelling.txt': 'after\n' },
    results: ['Success. Updated the following files:\nM tool/spelling.txt'],
  },
  {
    prompt: '5: an add-only hunk, then a hunk that removes lines',
    steps: [patch(p('*** Update File: panic.txt', '@@', '+after-context', '+second-line', '@@', ' line1', '-line2', '-line3', '+line2-replacement')), answer('Done.')],
    changed: { 'panic.txt': 'line1\nline2-replacement\nafter-context\nsecond-line\n' },
    results: ['Success. Updated the following files:\nM panic.txt'],
  },
  {
    prompt: '6: mixed line endings',
    steps: [
      patch(p('*** Update File: mixed.txt', '@@', ' one', ' two', '-three', '+THREE', ' four', '*** Update File: lf-first.txt', '@@', ' a', '+a2')),
      answer('Done.'),
    ],
    changed: { 'mixed.txt': 'one\r\ntwo\nTHREE\r\nfour\n', 'lf-first.txt': 'a\na2\nb\r\nc\r\n' },
    results: ['Success. Updated the following files:\nM mixed.txt\nM lf-first.txt'],
  },
  {
    prompt: '7: a raw patch as a shell command',
    steps: [{ toolCalls: [{ name: 'shell', arguments: { command: RAW } }] }, patch(RAW), answer('Done.')],
    changed: { 'raw.txt': 'sent as a command first\n' },
    results: [/not a shell command, so nothing was run and no file was changed\. Call the apply_patch tool/, 'Success. Updated the following files:\nA raw.txt'],
  },
  {
    prompt: 'lib.rs: a write the sandbox refuses',
    steps: [shell(['chmod', '444', 'locked.txt']), patch(p('*** Update File: locked.txt', '@@', '-keep', '+changed')), answer('Done.')],
    changed: {},
    results: ['Exit code: 0', /^apply_patch failed\. Writing the patch failed: .*Permission denied.*No file was changed\.$/s],
  },
];

describe('apply_patch as Codex-trained models call it, through the agent loop in a real sandbox (scripted model)', () => {
  const engine = useEngine(byPrompt((prompt) => CASES.find((c) => c.prompt === prompt)?.steps));
  let repo: string;
  const tasks = new Map<string, Task>();

  beforeAll(async () => {
    repo = makeRepo(engine.dirs.make(), FILES);
    const environment = await engine.app.environments.forRepo(repo);
    const created = await Promise.all(
      CASES.map(async (c) => ((await engine.app.tasks.create({ prompt: c.prompt, mode: 'code', environment })) as [Task])[0]),
    );
    const finished = await Promise.all(created.map((task) => waitForTask(engine.app, task.id, 300_000)));
    for (const [index, task] of finished.entries()) tasks.set(CASES[index]?.prompt ?? '', task);
  });

  /** Every file of the task's result commit in the app's mirror, with its exact bytes. */
  async function resultTree(task: Task): Promise<Record<string, string>> {
    const { mirror, to } = await engine.app.results.range(task.id);
    const git = (...args: string[]) => shBytes(mirror.gitDir, ['--git-dir', mirror.gitDir, ...args]);
    const names = git('ls-tree', '-r', '-z', '--name-only', to).toString('utf8').split('\0').filter((name) => name !== '');
    return Object.fromEntries(names.sort().map((name) => [name, git('show', `${to}:${name}`).toString('latin1')]));
  }

  function expectedTree(changed: Case['changed']): Record<string, string> {
    const files = { ...FILES, ...changed };
    return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, text]) => [name, Buffer.from(text).toString('latin1')]));
  }

  function toolResults(prompt: string): string[] {
    const requests = engine.model.requests.filter((request) => request.body !== undefined && userTexts(request).at(-1) === prompt);
    const last = requests.at(-1);
    return last === undefined ? [] : toolOutputsOf(last).map((result) => result.output);
  }

  for (const c of CASES) {
    it(`${c.prompt}: ends in the right file tree, telling the model what happened`, async () => {
      const task = tasks.get(c.prompt);
      if (!task) throw new Error(`no task for ${c.prompt}`);
      expect(task.status, task.error ?? '').toBe('succeeded');
      const results = toolResults(c.prompt);
      expect(results).toHaveLength(c.results.length);
      c.results.forEach((wanted, index) => {
        if (typeof wanted === 'string') expect(results[index]).toContain(wanted);
        else expect(results[index]).toMatch(wanted);
      });
      expect(await resultTree(task)).toEqual(expectedTree(c.changed));
    });
  }
});
