import { afterEach, describe, expect, it } from 'vitest';
import { loadAgentsMd } from '../../electron/agent/instructions/agentsMd.js';
import { cleanupAgentRuns, instructionsOf, ofType, runAgent } from './agentFixture.js';

afterEach(cleanupAgentRuns);

function reader(files: Record<string, string | Buffer>): (path: string) => Promise<Buffer | null> {
  return (path) => {
    const content = files[path];
    return Promise.resolve(content === undefined ? null : Buffer.from(content));
  };
}

describe('loadAgentsMd', () => {
  it('reads from the root down to the working directory, root first', async () => {
    const loaded = await loadAgentsMd(
      reader({ 'AGENTS.md': 'root', 'packages/AGENTS.md': 'packages', 'packages/app/AGENTS.md': 'app', 'other/AGENTS.md': 'other' }),
      'packages/app',
    );
    expect(loaded.files).toEqual([
      { path: 'AGENTS.md', text: 'root' },
      { path: 'packages/AGENTS.md', text: 'packages' },
      { path: 'packages/app/AGENTS.md', text: 'app' },
    ]);
    expect(loaded.truncated).toBeUndefined();
  });

  it('stops at the limit without cutting a character in half, and names what it left out', async () => {
    const loaded = await loadAgentsMd(
      reader({ 'AGENTS.md': 'aaaa', 'a/AGENTS.md': 'bbé€cc', 'a/b/AGENTS.md': 'deep' }),
      'a/b',
      9,
    );
    // 4 bytes of root leave 5: "bb" (2) + "é" (2) fit, the first byte of "€" does not.
    expect(loaded.files).toEqual([
      { path: 'AGENTS.md', text: 'aaaa' },
      { path: 'a/AGENTS.md', text: 'bbé' },
    ]);
    expect(loaded.truncated).toEqual({ cut: 'a/AGENTS.md', leftOut: ['a/b/AGENTS.md'] });
  });
});

describe.each(['chat', 'responses'] as const)('instructions sent on the %s wire', (wire) => {
  it('carry the built-in prompt, AGENTS.md root then subfolder, then the user\'s text', async () => {
    const run = await runAgent({
      wire,
      files: {
        'AGENTS.md': 'ROOT-RULE: run `make test` before finishing.\n',
        'services/api/AGENTS.md': 'SUB-RULE: this service uses tabs.\n',
        'services/web/AGENTS.md': 'WEB-RULE: not on the path.\n',
      },
      workingDirectory: 'services/api',
      userInstructions: 'USER-RULE: answer in English.',
      script: [{ toolCalls: [{ name: 'shell', arguments: { command: ['pwd'] } }] }, { text: 'ok' }],
    });
    const instructions = instructionsOf(run.requests[0]);
    const order = ['Codebay', 'Commands start in: /workspace/services/api', 'ROOT-RULE', 'SUB-RULE', 'USER-RULE'].map((text) => instructions.indexOf(text));
    expect(order.every((position) => position >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(instructions).toContain('## AGENTS.md (repository root)');
    expect(instructions).toContain('## services/api/AGENTS.md');
    expect(instructions).not.toContain('WEB-RULE');
    expect(instructions).toMatch(/【F:[^】]+†L\d+-L\d+】/);
    expect(instructions).toMatch(/never empty lines/);
    expect(instructions).toMatch(/Do not commit/);
    expect(ofType(run.events, 'exec.begin')[0]?.cwd).toBe('/workspace/services/api');
  });

  it('hold at most 32 KiB of AGENTS.md and say so', async () => {
    const big = `BEGIN-ROOT\n${'r'.repeat(40 * 1024)}\nEND-ROOT\n`;
    const run = await runAgent({
      wire,
      files: { 'AGENTS.md': big, 'pkg/AGENTS.md': 'PKG-RULE' },
      workingDirectory: 'pkg',
      script: [{ text: 'ok' }],
    });
    const instructions = instructionsOf(run.requests[0]);
    expect(instructions).toContain('BEGIN-ROOT');
    expect(instructions).not.toContain('END-ROOT');
    expect(instructions).not.toContain('PKG-RULE');
    expect(instructions.match(/r+/g)?.reduce((longest, run) => Math.max(longest, run.length), 0)).toBe(32 * 1024 - 'BEGIN-ROOT\n'.length);
    expect(instructions).toContain('[AGENTS.md text is limited to 32 KiB in all: AGENTS.md was cut short and pkg/AGENTS.md was left out.');
  });

  it('refuse a working directory outside the repository', async () => {
    const run = await runAgent({ wire, workingDirectory: '../etc', script: [{ text: 'never' }] });
    expect(run.requests).toHaveLength(0);
    expect(run.error?.message).toMatch(/The working directory "\.\.\/etc" is not a folder inside the repository/);
  });
});
