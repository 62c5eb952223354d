import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventBody } from '../../shared/events.js';
import { FINDINGS_PER_TURN_MAX } from '../../shared/findings.js';
import { MODES, TASK_MODES, type TaskMode } from '../../shared/modes.js';
import { BUILT_IN_TOOLS } from '../../electron/agent/tools/builtInTools.js';
import { findingPath, reportFindingArgs, runReportFinding } from '../../electron/agent/tools/definitions/reportFinding.js';
import type { ToolContext } from '../../electron/agent/tools/toolContext.js';
import { findingEventsFromAnswer } from '../../electron/review/findingEvents.js';
import { findingsFromText } from '../../electron/review/findingsFromText.js';
import { fixPrompt } from '../../electron/review/reviewFindings.js';
import type { Finding } from '../../electron/store/types.js';
import { localToolHost } from '../support/localToolHost.js';

describe('the modes', () => {
  it('get the tools that fit their descriptor: only Code edits, only Review reports findings', () => {
    const offered = (mode: TaskMode) => BUILT_IN_TOOLS.offeredIn(MODES[mode]).map((tool) => tool.name);
    expect(offered('code')).toEqual(['shell', 'apply_patch', 'update_plan']);
    expect(offered('ask')).toEqual(['shell', 'update_plan']);
    expect(offered('review')).toEqual(['shell', 'update_plan', 'report_finding']);
    expect(TASK_MODES.filter((mode) => offered(mode).includes('apply_patch'))).toEqual(TASK_MODES.filter((mode) => MODES[mode].keepsChanges));
    expect(TASK_MODES.filter((mode) => offered(mode).includes('report_finding'))).toEqual(TASK_MODES.filter((mode) => MODES[mode].reviews));
  });
});

describe('report_finding', () => {
  let root: string;
  let events: EventBody[];
  let context: ToolContext;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'codebay-findings-'));
    writeFileSync(path.join(root, 'cart.py'), 'a = 1\nb = 2\nc = 3\n');
    events = [];
    context = { host: localToolHost(root), emit: (e) => events.push(e), signal: new AbortController().signal, mode: 'review', workdir: '/workspace', defaultTimeoutMs: 1000, offered: ['report_finding'], findings: { count: 0 } };
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const args = (extra: Record<string, unknown>) => reportFindingArgs.parse({ title: 'Wrong total', body: 'It adds tax twice.', priority: 1, file: 'cart.py', line_start: 2, ...extra });

  it('records a finding on lines of a file that is there, with an absolute workspace path made relative', async () => {
    expect(await runReportFinding(args({ file: '/workspace/./cart.py', line_start: 3, line_end: 2, confidence: 0.5 }), context)).toBe('Finding 1 recorded: P1 cart.py:2-3.');
    expect(events).toMatchObject([{ type: 'finding.reported', priority: 1, title: 'Wrong total', path: 'cart.py', startLine: 2, endLine: 3, confidence: 0.5 }]);
  });

  it('answers a missing file, a path outside the repository and a line past the end with what to correct, recording nothing', async () => {
    expect(await runReportFinding(args({ file: 'gone.py' }), context)).toContain('there is no file gone.py in the workspace');
    expect(await runReportFinding(args({ file: '../etc/passwd' }), context)).toContain('is not a file inside the repository');
    expect(await runReportFinding(args({ file: '/etc/passwd' }), context)).toContain('is not a file inside the repository');
    expect(await runReportFinding(args({ line_start: 9 }), context)).toContain('cart.py has 3 lines, so line 9 is past its end');
    expect(events).toEqual([]);
  });

  it('keeps at most the per-turn number of findings', async () => {
    context.findings.count = FINDINGS_PER_TURN_MAX;
    expect(await runReportFinding(args({}), context)).toContain(`${FINDINGS_PER_TURN_MAX} findings were already reported`);
    expect(events).toEqual([]);
  });

  it('reads priorities written as P2 or "2", and refuses one out of range, an empty title or a control character in the path', () => {
    expect(reportFindingArgs.parse({ title: 't', body: 'b', priority: 'P2', file: 'a', line_start: '4' })).toMatchObject({ priority: 2, line_start: 4 });
    expect(reportFindingArgs.safeParse({ title: 't', body: 'b', priority: 4, file: 'a', line_start: 1 }).success).toBe(false);
    expect(reportFindingArgs.safeParse({ title: ' ', body: 'b', priority: 1, file: 'a', line_start: 1 }).success).toBe(false);
    expect(reportFindingArgs.safeParse({ title: 't', body: 'b', priority: 1, file: 'a\u001b[2Jb', line_start: 1 }).success).toBe(false);
  });

  it('makes workspace paths relative and refuses what leaves it', () => {
    expect(findingPath('src/a.py', '/workspace')).toBe('src/a.py');
    expect(findingPath('./src//a.py', '/workspace')).toBe('src/a.py');
    expect(findingPath('/workspace/src/a.py', '/workspace')).toBe('src/a.py');
    expect(findingPath('/workspace', '/workspace')).toBeUndefined();
    expect(findingPath('src/../../a.py', '/workspace')).toBeUndefined();
    expect(findingPath('/tmp/a.py', '/workspace')).toBeUndefined();
  });
});

describe('findings in an agent CLI\'s final answer', () => {
  const block = (findings: unknown[]): string => `Verdict: not ready.\n\n\`\`\`json\n${JSON.stringify({ findings })}\n\`\`\`\n`;

  it('reads the last fenced JSON block into finding events, relative paths and ordered lines', () => {
    const answer = `${block([{ title: 'old', body: 'x', priority: 3, file: 'a.py', line_start: 1 }])}\nOn second thought:\n${block([
      { title: 'Crash on empty cart', body: 'len 0', priority: 'P0', file: '/workspace/cart.py', line_start: 9, line_end: 7, confidence: 0.9 },
    ])}`;
    expect(findingEventsFromAnswer(answer, '/workspace')).toMatchObject([{ type: 'finding.reported', priority: 0, title: 'Crash on empty cart', path: 'cart.py', startLine: 7, endLine: 9, confidence: 0.9 }]);
  });

  it('says when the block is missing, and names each entry it left out', () => {
    expect(findingEventsFromAnswer('All good, nothing to report.', '/workspace')).toMatchObject([{ type: 'error', message: expect.stringContaining('without the findings block') }]);
    const events = findingEventsFromAnswer(block([{ title: 'ok', body: 'b', priority: 1, file: 'a.py', line_start: 2 }, { title: 'no lines', body: 'b', priority: 1, file: 'a.py' }, { title: 'outside', body: 'b', priority: 1, file: '/etc/passwd', line_start: 1 }]), '/workspace');
    expect(events.map((e) => e.type)).toEqual(['finding.reported', 'error']);
    expect(events[1]).toMatchObject({ message: expect.stringMatching(/finding 2: line_start.*“outside”: \/etc\/passwd is not inside the repository/) });
  });

  it('reads an empty list as no findings, and keeps at most the per-turn number', () => {
    expect(findingsFromText(block([]))).toEqual({ findings: [], refused: [] });
    const many = Array.from({ length: FINDINGS_PER_TURN_MAX + 3 }, (_, i) => ({ title: `f${i}`, body: 'b', priority: 2, file: 'a.py', line_start: i + 1 }));
    const read = findingsFromText(block(many));
    expect(read?.findings).toHaveLength(FINDINGS_PER_TURN_MAX);
    expect(read?.refused).toEqual([`3 more past the ${FINDINGS_PER_TURN_MAX} a review keeps`]);
  });
});

describe('the Fix this prompt', () => {
  const finding: Finding = {
    id: 'f1', taskId: 't1', turn: 1, priority: 0, title: 'Crash on empty cart', body: 'Dividing by `len(items)` fails for an empty cart.', path: 'cart.py',
    startLine: 9, endLine: 10, confidence: 0.9, status: 'open', fixTaskId: null, fixTurn: null, createdAt: 1,
  };

  it('quotes the finding, where it is, the code in a fence it cannot close, and the reviewer\'s words', () => {
    const prompt = fixPrompt(finding, 'avg = total / len(items)\n```');
    expect(prompt).toContain('(P0 · blocker)');
    expect(prompt).toContain('Crash on empty cart\ncart.py, lines 9-10');
    expect(prompt).toContain('````\navg = total / len(items)\n```\n````');
    expect(prompt.endsWith('Dividing by `len(items)` fails for an empty cart.')).toBe(true);
    expect(fixPrompt({ ...finding, endLine: 9 }, null)).toContain('cart.py, line 9\n\nDividing');
  });
});
