import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventBody } from '../../shared/events.js';
import { toolOutputsOf, type Step, type StepFunction } from '../support/modelServer/index.js';
import { cleanupAgentRuns, instructionsOf, ofType, resultsOf, runAgent } from './agentFixture.js';

afterEach(cleanupAgentRuns);

const files = {
  'AGENTS.md': '# Calc\nRun the tests with `python3 -m unittest -v` from the repository root.\n',
  'calc.py': 'def add(a, b):\n    return a - b\n\n\ndef mul(a, b):\n    return a * b\n',
  'test_calc.py': [
    'import unittest',
    'from calc import add, mul',
    '',
    '',
    'class CalcTest(unittest.TestCase):',
    '    def test_add(self):',
    '        self.assertEqual(add(2, 3), 5)',
    '',
    '    def test_mul(self):',
    '        self.assertEqual(mul(2, 3), 6)',
    '',
  ].join('\n'),
};

const runTests = { name: 'shell', arguments: { command: ['python3', '-m', 'unittest', '-v'] } };

const steps: Step[] = [
  {
    text: 'I will reproduce the failure first.',
    toolCalls: [
      {
        name: 'update_plan',
        arguments: { plan: [{ step: 'Reproduce', status: 'in_progress' }, { step: 'Fix add', status: 'pending' }, { step: 'Verify', status: 'pending' }] },
      },
      runTests,
    ],
  },
  { toolCalls: [{ name: 'shell', arguments: { command: ['bash', '-lc', 'rg -n "return" calc.py || grep -n "return" calc.py'] } }] },
  {
    toolCalls: [
      { name: 'apply_patch', arguments: { input: '*** Begin Patch\n*** Update File: calc.py\n@@ def add(a, b):\n-    return a - b\n+    return a + b\n*** End Patch' } },
    ],
  },
  { toolCalls: [runTests] },
];

/** The last step cites the line of the green run's output that says OK, found in what the agent sent back. */
const script: StepFunction = (request, index) => {
  const step = steps[index];
  if (step !== undefined) return step;
  const last = toolOutputsOf(request).at(-1);
  if (last === undefined) throw new Error('no tool output to cite');
  const output = last.output.split(`Output of ${last.callId}:\n`)[1] ?? '';
  const okLine = output.split('\n').indexOf('OK') + 1;
  return { text: `Fixed \`add\`, which subtracted 【F:calc.py†L1-L2】. Both tests pass now 【${last.callId}†L1-L2】【${last.callId}†L${okLine}】.` };
};

function outputOf(events: EventBody[], callId: string): string[] {
  return ofType(events, 'exec.output')
    .filter((event) => event.callId === callId)
    .map((event) => event.text)
    .join('')
    .split('\n');
}

describe.each(['chat', 'responses'] as const)('a small task end to end on the %s wire', (wire) => {
  it('runs the failing test, patches the code, reruns it green and finishes with citations', async () => {
    const run = await runAgent({ wire, files, prompt: 'The add test fails. Fix it.', script });
    expect(run.error).toBeUndefined();

    expect(await readFile(path.join(run.root, 'calc.py'), 'utf8')).toBe(files['calc.py'].replace('a - b', 'a + b'));
    expect(instructionsOf(run.requests[0])).toContain('Run the tests with `python3 -m unittest -v` from the repository root.');

    const ends = ofType(run.events, 'exec.end');
    expect(ends.map((event) => [event.callId, event.exitCode])).toEqual([
      ['call_2', 1],
      ['call_3', 0],
      ['call_5', 0],
    ]);
    const failing = resultsOf(run.requests[1]).find((result) => result.callId === 'call_2')?.output ?? '';
    expect(failing).toMatch(/^Exit code: 1\n/);
    expect(failing).toMatch(/AssertionError: -1 != 5/);
    expect(failing).toMatch(/FAILED \(failures=1\)/);
    expect(resultsOf(run.requests[2]).at(-1)?.output).toMatch(/2:\s+return a - b/);
    expect(ofType(run.events, 'patch.applied')).toEqual([{ type: 'patch.applied', callId: 'call_4', ok: true, files: ['calc.py'] }]);
    expect(ofType(run.events, 'plan.updated')[0]?.plan.map((step) => step.status)).toEqual(['in_progress', 'pending', 'pending']);

    // Each command's events come in order: begin, output, end.
    for (const callId of ['call_2', 'call_3', 'call_5']) {
      const kinds = run.events.flatMap((event) => ('callId' in event && event.callId === callId ? [event.type] : []));
      expect(kinds[0]).toBe('exec.begin');
      expect(kinds.at(-1)).toBe('exec.end');
      expect(kinds.slice(1, -1).every((kind) => kind === 'exec.output')).toBe(true);
    }

    const summary = run.outcome?.summary ?? '';
    expect(ofType(run.events, 'agent.message').at(-1)?.text).toBe(summary);
    const citations = [...summary.matchAll(/【([^†】]+)†L(\d+)(?:-L(\d+))?】/g)];
    expect(citations).toHaveLength(3);
    const calc = (await readFile(path.join(run.root, 'calc.py'), 'utf8')).split('\n');
    for (const [, source, from, to] of citations) {
      const lines = source === 'F:calc.py' ? calc : outputOf(run.events, source ?? '');
      const cited = lines.slice(Number(from) - 1, Number(to ?? from));
      expect(cited.length).toBeGreaterThan(0);
      for (const line of cited) expect(line.trim()).not.toBe('');
    }
    expect(outputOf(run.events, 'call_5')).toContain('OK');
    expect(summary).toMatch(/【call_5†L1-L2】【call_5†L7】/);
  });
});
