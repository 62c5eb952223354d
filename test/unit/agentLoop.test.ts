import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WireApi } from '../../electron/config/provider.js';
import { cleanupAgentRuns, conversationOf, instructionsOf, ofType, resultsOf, runAgent, toolNamesOf } from './agentFixture.js';

afterEach(cleanupAgentRuns);

const wires: WireApi[] = ['chat', 'responses'];

describe.each(wires)('the turn loop on the %s wire', (wire) => {
  it('sends malformed tool-call JSON back as an error result and goes on', async () => {
    const run = await runAgent({
      wire,
      script: [{ toolCalls: [{ name: 'shell', arguments: { command: ['touch', 'made-it'] } }], style: 'malformedArgs' }, { text: 'I will stop here.' }],
    });
    expect(run.outcome?.summary).toBe('I will stop here.');
    const [result] = resultsOf(run.requests[1]);
    expect(result?.output).toMatch(/^Error: the arguments for shell are not valid JSON \(.+\), so nothing was run\. Received: \{"command":\[/);
    expect(result?.output).toContain('one complete JSON object');
    expect(ofType(run.events, 'exec.begin')).toHaveLength(0);
  });

  it('answers an unknown tool and bad arguments with error results naming the problem', async () => {
    const run = await runAgent({
      wire,
      script: [
        {
          toolCalls: [
            { name: 'browse', arguments: { url: 'https://example.com' } },
            { name: 'shell', arguments: { command: 42 } },
            { name: 'update_plan', arguments: { plan: [{ step: 'x', status: 'done' }] } },
          ],
        },
        { text: 'OK.' },
      ],
    });
    const outputs = resultsOf(run.requests[1]).map((result) => result.output);
    expect(outputs[0]).toBe('Error: there is no tool named "browse". The tools are: shell, apply_patch, update_plan. Call one of them by its exact name.');
    expect(outputs[1]).toMatch(/^Error: invalid arguments for shell, so nothing was run:\ncommand: /);
    expect(outputs[2]).toMatch(/^Error: invalid arguments for update_plan[\s\S]*plan\.0\.status: /);
    expect(run.outcome?.summary).toBe('OK.');
  });

  it('gives missing and repeated call ids unique ids, the same on calls, results and events', async () => {
    const calls = [
      { name: 'shell', arguments: { command: ['echo', 'one'] } },
      { name: 'shell', arguments: { command: ['echo', 'two'] } },
    ];
    const run = await runAgent({
      wire,
      script: [{ toolCalls: calls, style: 'repeatIds' }, { toolCalls: calls, style: 'noIds' }, { text: 'Done.' }],
    });
    const callIds = run.outcome?.conversation.flatMap((item) => (item.role === 'tool_call' ? [item.callId] : [])) ?? [];
    expect(callIds).toHaveLength(4);
    expect(new Set(callIds).size).toBe(4);
    expect(callIds[0]).toBe('call_1');
    expect(callIds[1]).toBe('call_1_2');
    const last = run.requests[2];
    expect(resultsOf(last).map((result) => result.callId)).toEqual(callIds);
    expect(resultsOf(last).map((result) => result.output.split('\n').at(-1))).toEqual(['one', 'two', 'one', 'two']);
    const sentCallIds = conversationOf(last).flatMap((entry) => {
      if (Array.isArray(entry.tool_calls)) return (entry.tool_calls as { id: string }[]).map((call) => call.id);
      return entry.type === 'function_call' ? [String(entry.call_id)] : [];
    });
    expect(sentCallIds).toEqual(callIds);
    expect(ofType(run.events, 'exec.begin').map((event) => event.callId)).toEqual(callIds);
  });

  it('ends a runaway loop at the step limit with a clear failure', async () => {
    const run = await runAgent({
      wire,
      limits: { maxSteps: 3 },
      script: () => ({ toolCalls: [{ name: 'shell', arguments: { command: ['true'] } }] }),
    });
    expect(run.requests).toHaveLength(3);
    expect(run.error?.message).toMatch(/^The agent made 3 model requests in this turn without finishing, so it was stopped as a runaway loop\./);
    expect(run.error?.conversation.filter((item) => item.role === 'tool_result')).toHaveLength(3);
  });

  it('shows the model only the head and tail of a long output, and the events everything', async () => {
    const run = await runAgent({
      wire,
      script: [
        { toolCalls: [{ name: 'shell', arguments: { command: ['python3', '-c', 'for i in range(1, 10001): print(f"row {i}")'] } }] },
        { text: 'Seen it.' },
      ],
    });
    const [result] = resultsOf(run.requests[1]);
    const output = result?.output ?? '';
    expect(output).toMatch(/^Exit code: 0\nWall time: \d+\.\d seconds\nOutput of call_1:\nrow 1\n/);
    expect(output).toContain('\nrow 128\n[… 9,744 lines (');
    expect(output).toContain('omitted of 10,000: lines 129–9,872 …]\nrow 9873\n');
    expect(output).not.toContain('row 129\n');
    expect(output.endsWith('row 10000')).toBe(true);
    const streamed = ofType(run.events, 'exec.output').map((event) => event.text).join('');
    expect(streamed.split('\n').filter(Boolean)).toHaveLength(10_000);
    expect(ofType(run.events, 'exec.end')[0]).toMatchObject({ callId: 'call_1', exitCode: 0, timedOut: false });
  });

  it('runs a shell command given as one string through bash, and stops one that times out', async () => {
    const run = await runAgent({
      wire,
      script: [
        {
          toolCalls: [
            { name: 'shell', arguments: { command: 'echo first && echo second | tr a-z A-Z' } },
            { name: 'shell', arguments: { command: ['sleep', '30'], timeout_ms: 300 } },
          ],
        },
        { text: 'Done.' },
      ],
    });
    const begins = ofType(run.events, 'exec.begin');
    expect(begins[0]?.command).toEqual(['bash', '-lc', 'echo first && echo second | tr a-z A-Z']);
    expect(begins[0]?.cwd).toBe('/workspace');
    const outputs = resultsOf(run.requests[1]).map((result) => result.output);
    expect(outputs[0]).toMatch(/Output of call_1:\nfirst\nSECOND$/);
    expect(outputs[1]).toMatch(/The command timed out after 0\.3 seconds and was killed\./);
    expect(ofType(run.events, 'exec.end')[1]).toMatchObject({ timedOut: true });
    // Tests that the 300 ms timeout kills the 30 s command, not speed: far from both.
    expect(run.elapsedMs).toBeLessThan(15_000);
  });

  it('applies patches atomically and reports failures to the model', async () => {
    const run = await runAgent({
      wire,
      files: { 'app.txt': 'alpha\nbeta\ngamma\n' },
      script: [
        {
          toolCalls: [
            { name: 'apply_patch', arguments: { input: '*** Begin Patch\n*** Update File: app.txt\n@@\n alpha\n-beta\n+BETA\n gamma\n*** Add File: notes/new.md\n+hello\n*** End Patch' } },
            { name: 'apply_patch', arguments: { input: '*** Begin Patch\n*** Add File: other.txt\n+x\n*** Update File: app.txt\n@@\n-no such line\n+y\n*** End Patch' } },
          ],
        },
        { text: 'Patched.' },
      ],
    });
    expect(await readFile(path.join(run.root, 'app.txt'), 'utf8')).toBe('alpha\nBETA\ngamma\n');
    expect(await readFile(path.join(run.root, 'notes/new.md'), 'utf8')).toBe('hello\n');
    await expect(readFile(path.join(run.root, 'other.txt'))).rejects.toThrow(/ENOENT/);
    const applied = ofType(run.events, 'patch.applied');
    expect(applied[0]).toEqual({ type: 'patch.applied', callId: 'call_1', ok: true, files: ['app.txt', 'notes/new.md'] });
    expect(applied[1]).toMatchObject({ callId: 'call_2', ok: false, files: ['other.txt', 'app.txt'] });
    expect(applied[1]?.error).toMatch(/app\.txt/);
    const outputs = resultsOf(run.requests[1]).map((result) => result.output);
    expect(outputs[0]).toBe('Success. Updated the following files:\nM app.txt\nA notes/new.md');
    expect(outputs[1]).toMatch(/^apply_patch failed\. .*app\.txt/);
  });

  it('accepts apply_patch sent through the shell, as Codex models do', async () => {
    const patch = "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: via-shell.txt\n+made by a heredoc\n*** End Patch\nEOF";
    const run = await runAgent({
      wire,
      script: [{ toolCalls: [{ name: 'shell', arguments: { command: ['bash', '-lc', patch] } }] }, { text: 'Done.' }],
    });
    expect(await readFile(path.join(run.root, 'via-shell.txt'), 'utf8')).toBe('made by a heredoc\n');
    expect(ofType(run.events, 'patch.applied')[0]).toMatchObject({ ok: true, files: ['via-shell.txt'] });
    expect(ofType(run.events, 'exec.begin')).toHaveLength(0);
  });

  it('offers no apply_patch in ask mode and refuses every way to patch', async () => {
    const patch = '*** Begin Patch\n*** Add File: sneaky.txt\n+no\n*** End Patch';
    const run = await runAgent({
      wire,
      mode: 'ask',
      prompt: 'How does the parser work?',
      script: [
        {
          toolCalls: [
            { name: 'apply_patch', arguments: { input: patch } },
            { name: 'shell', arguments: { command: ['apply_patch', patch] } },
          ],
        },
        { text: 'It parses.' },
      ],
    });
    expect(toolNamesOf(run.requests[0])).toEqual(['shell', 'update_plan']);
    expect(instructionsOf(run.requests[0])).toMatch(/This task is read-only/);
    expect(instructionsOf(run.requests[0])).not.toMatch(/apply_patch edits files/);
    const outputs = resultsOf(run.requests[1]).map((result) => result.output);
    expect(outputs[0]).toMatch(/^Error: apply_patch is not available in this read-only task/);
    expect(outputs[1]).toMatch(/^apply_patch is not available: this is a read-only task/);
    await expect(readFile(path.join(run.root, 'sneaky.txt'))).rejects.toThrow(/ENOENT/);
    expect(run.outcome?.summary).toBe('It parses.');
  });

  it('offers all three tools in code mode with Codex-compatible schemas', async () => {
    const run = await runAgent({ wire, script: [{ text: 'Nothing to do.' }] });
    expect(toolNamesOf(run.requests[0])).toEqual(['shell', 'apply_patch', 'update_plan']);
    const tools = (run.requests[0]?.body?.tools ?? []) as Record<string, unknown>[];
    const shell = (wire === 'chat' ? (tools[0]?.function as Record<string, unknown>) : tools[0])?.parameters;
    expect(shell).toMatchObject({
      type: 'object',
      properties: { command: { type: 'array', items: { type: 'string' } }, workdir: { type: 'string' }, timeout_ms: { type: 'number' } },
      required: ['command'],
    });
  });

  it('emits the plan, usage and final message, and returns the conversation', async () => {
    const run = await runAgent({
      wire,
      script: [
        {
          text: 'Planning.',
          toolCalls: [{ name: 'update_plan', arguments: { explanation: 'Start', plan: [{ step: 'Read', status: 'in_progress' }, { step: 'Fix', status: 'pending' }] } }],
          usage: { input: 100, output: 7 },
        },
        { text: 'Finished the work.', usage: { input: 150, output: 9 } },
      ],
    });
    expect(ofType(run.events, 'plan.updated')).toEqual([
      { type: 'plan.updated', explanation: 'Start', plan: [{ step: 'Read', status: 'in_progress' }, { step: 'Fix', status: 'pending' }] },
    ]);
    expect(ofType(run.events, 'usage')).toEqual([
      { type: 'usage', inputTokens: 100, outputTokens: 7 },
      { type: 'usage', inputTokens: 150, outputTokens: 9 },
    ]);
    expect(run.outcome?.usage).toEqual({ inputTokens: 250, outputTokens: 16 });
    expect(ofType(run.events, 'agent.message').map((event) => event.text)).toEqual(['Planning.', 'Finished the work.']);
    expect(run.outcome?.summary).toBe('Finished the work.');
    expect(run.outcome?.conversation).toEqual([
      { role: 'user', text: 'Fix the failing test.' },
      { role: 'assistant', text: 'Planning.' },
      { role: 'tool_call', callId: 'call_1', name: 'update_plan', arguments: expect.stringContaining('"Start"') as unknown },
      { role: 'tool_result', callId: 'call_1', output: 'Plan updated.' },
      { role: 'assistant', text: 'Finished the work.' },
    ]);
  });

  it('continues a conversation whose last turn was cut off mid-call', async () => {
    const run = await runAgent({
      wire,
      prompt: 'Please go on.',
      conversation: [
        { role: 'user', text: 'Start the work.' },
        { role: 'tool_call', callId: 'call_old', name: 'shell', arguments: '{"command":["make"]}' },
      ],
      script: [{ text: 'Going on.' }],
    });
    const sent = conversationOf(run.requests[0]);
    expect(resultsOf(run.requests[0])).toEqual([{ callId: 'call_old', output: expect.stringMatching(/^No result: the turn ended/) as unknown }]);
    expect(sent.at(-1)).toMatchObject({ role: 'user', content: 'Please go on.' });
    expect(run.outcome?.conversation.map((item) => item.role)).toEqual(['user', 'tool_call', 'tool_result', 'user', 'assistant']);
  });
});
