import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { EventBody } from '../../shared/events.js';
import { MODES, TASK_MODES } from '../../shared/modes.js';
import { createModelClient } from '../../electron/agent/model/modelClient.js';
import { shownAs } from '../../electron/agent/tools/advertisedSchema.js';
import { BUILT_IN_TOOLS } from '../../electron/agent/tools/builtInTools.js';
import { updatePlan } from '../../electron/agent/tools/definitions/updatePlan.js';
import { ToolRegistry } from '../../electron/agent/tools/registry.js';
import { defineTool } from '../../electron/agent/tools/tool.js';
import type { ToolContext } from '../../electron/agent/tools/toolContext.js';
import { localToolHost } from '../support/localToolHost.js';
import { cleanupAgentRuns, modelServer, workspace } from './agentFixture.js';

afterEach(cleanupAgentRuns);

const string = (description?: string) => ({ type: 'string', ...(description === undefined ? {} : { description }) });

/** The parameters of Codex's tools (and ours modelled on them), which Codex-trained models call well. */
const CODEX_SHAPES: Record<string, unknown> = {
  shell: {
    type: 'object',
    properties: {
      command: { type: 'array', items: { type: 'string' }, description: 'The command to execute, as argv.' },
      workdir: string('The working directory to execute the command in.'),
      timeout_ms: { type: 'number', description: 'The timeout for the command in milliseconds.' },
    },
    required: ['command'],
    additionalProperties: false,
  },
  apply_patch: {
    type: 'object',
    properties: { input: string('The entire patch, from *** Begin Patch to *** End Patch.') },
    required: ['input'],
    additionalProperties: false,
  },
  update_plan: {
    type: 'object',
    properties: {
      explanation: string('Optional: why the plan changed.'),
      plan: {
        type: 'array',
        description: 'The steps, in order.',
        items: {
          type: 'object',
          properties: { step: string(), status: { type: 'string', enum: ['pending', 'in_progress', 'completed'] } },
          required: ['step', 'status'],
          additionalProperties: false,
        },
      },
    },
    required: ['plan'],
    additionalProperties: false,
  },
  report_finding: {
    type: 'object',
    properties: {
      title: string('The problem in at most 80 characters, e.g. "Total ignores the discount for members".'),
      body: string('Why it is wrong and what it breaks, with the evidence (code, a command and its output); then how to fix it. Markdown.'),
      priority: { type: 'integer', enum: [0, 1, 2, 3], description: '0: must be fixed before merging (bug, data loss, security); 1: should be fixed; 2: minor; 3: nit.' },
      file: string('The file, relative to the repository root, as git diff names it.'),
      line_start: { type: 'integer', description: 'First line of the problem in the file as it is after the change.' },
      line_end: { type: 'integer', description: 'Last line (default: line_start); keep the range short, at most about 10 lines.' },
      confidence: { type: 'number', description: 'How sure you are that this is a real problem, 0 to 1.' },
    },
    required: ['title', 'body', 'priority', 'file', 'line_start'],
    additionalProperties: false,
  },
};

type Json = Record<string, unknown>;

/** The tools of a recorded request in wire-neutral form: chat wraps each in `function`, responses does not. */
function toolsOf(body: Json | undefined): Json[] {
  const tools = (body?.tools ?? []) as Json[];
  return tools.map((tool) => {
    const { name, description, parameters } = (tool.function ?? tool) as Json;
    return { name, description, parameters };
  });
}

function contextFor(root: string, registry: ToolRegistry, events: EventBody[]): ToolContext {
  return {
    host: localToolHost(root),
    emit: (event) => events.push(event),
    signal: new AbortController().signal,
    mode: 'code',
    workdir: '/workspace',
    defaultTimeoutMs: 5_000,
    offered: registry.offeredIn(MODES.code).map((tool) => tool.name),
    findings: { count: 0 },
  };
}

describe('the tool registry', () => {
  it('generates the JSON Schemas of Codex’s tools from the zod arguments, forgiving habits unshown', () => {
    expect(Object.fromEntries(BUILT_IN_TOOLS.tools.map((tool) => [tool.name, tool.parameters]))).toEqual(CODEX_SHAPES);
  });

  it('offers each mode the tools whose predicate fits its descriptor', () => {
    const offered = Object.fromEntries(TASK_MODES.map((mode) => [mode, BUILT_IN_TOOLS.offeredIn(MODES[mode]).map((tool) => tool.name)]));
    expect(offered).toEqual({ code: ['shell', 'apply_patch', 'update_plan'], ask: ['shell', 'update_plan'], review: ['shell', 'update_plan', 'report_finding'] });
  });

  for (const wire of ['chat', 'responses'] as const) {
    it(`sends the model exactly the registry’s declarations on ${wire}`, async () => {
      const server = await modelServer([{ text: 'ok' }]);
      const client = createModelClient({ baseUrl: server.baseUrl, model: 'm', wire }, { maxRetries: 0, streamIdleTimeoutMs: 5_000 }, () => undefined);
      const tools = BUILT_IN_TOOLS.offeredIn(MODES.review);
      await client.send({ instructions: 'I', items: [{ role: 'user', text: 'U' }], tools, showText: false }, new AbortController().signal);
      expect(toolsOf(server.requests[0]?.body)).toEqual(tools.map(({ name, description }) => ({ name, description, parameters: CODEX_SHAPES[name] })));
    });
  }

  it('refuses two tools of one name', () => {
    expect(() => new ToolRegistry([updatePlan, updatePlan])).toThrow('Two tools are named update_plan');
  });

  it('is what docs/architecture.md shows: every tool with its modes and events, update_plan whole', async () => {
    const docs = await readFile(new URL('../../docs/architecture.md', import.meta.url), 'utf8');
    for (const tool of BUILT_IN_TOOLS.tools) {
      const modes = TASK_MODES.filter((mode) => tool.offeredIn(MODES[mode])).join(', ');
      expect(docs).toContain(`| \`${tool.name}\` | ${modes} | ${tool.emits.map((type) => `\`${type}\``).join(', ')} |`);
    }
    // The worked example is the real file, whole.
    const updatePlan = await readFile(new URL('../../electron/agent/tools/definitions/updatePlan.ts', import.meta.url), 'utf8');
    expect(docs).toContain(`\`\`\`ts\n// electron/agent/tools/definitions/updatePlan.ts\n${updatePlan}\`\`\``);
  });
});

describe('a tool declared in one file', () => {
  // As a new tool's file would declare it; nothing else in the code base knows of it.
  const countLines = defineTool({
    name: 'count_lines',
    description: 'Counts the lines of a file in the workspace.',
    args: z.object({
      // Models send one path or several; the schema shows the one.
      path: shownAs(z.union([z.string().min(1, 'name a file'), z.array(z.string().min(1)).min(1)]).describe('The file, relative to the workspace root.'), z.string()),
      note: z.string().nullish().describe('Why you count.'),
    }),
    offeredIn: (mode) => !mode.reviews,
    emits: ['agent.message'],
    run: async (args, context) => {
      const paths = typeof args.path === 'string' ? [args.path] : args.path;
      const counts = await Promise.all(paths.map(async (file) => `${file}: ${(await context.host.readFile(file))?.toString().split('\n').length ?? 0}`));
      context.emit({ type: 'agent.message', text: `counted ${paths.length}` });
      return counts.join('\n');
    },
  });
  const registry = new ToolRegistry([...BUILT_IN_TOOLS.tools, countLines]);

  it('is offered in the modes its predicate picks, with a schema generated from its zod', () => {
    expect(TASK_MODES.filter((mode) => registry.offeredIn(MODES[mode]).some((tool) => tool.name === 'count_lines'))).toEqual(['code', 'ask']);
    expect(countLines.parameters).toEqual({
      type: 'object',
      properties: { path: string('The file, relative to the workspace root.'), note: string('Why you count.') },
      required: ['path'],
      additionalProperties: false,
    });
  });

  it('goes to the model, and the call the model makes is dispatched to it and validated', async () => {
    const root = await workspace({ 'a.txt': 'one\ntwo\n', 'b.txt': 'x' });
    const server = await modelServer([{ toolCalls: [{ name: 'count_lines', arguments: { path: ['a.txt', 'b.txt'], note: null } }] }]);
    const client = createModelClient({ baseUrl: server.baseUrl, model: 'm', wire: 'responses' }, { maxRetries: 0, streamIdleTimeoutMs: 5_000 }, () => undefined);
    const reply = await client.send({ instructions: 'I', items: [{ role: 'user', text: 'Count.' }], tools: registry.offeredIn(MODES.code), showText: false }, new AbortController().signal);
    expect(toolsOf(server.requests[0]?.body).map((tool) => tool.name)).toEqual(['shell', 'apply_patch', 'update_plan', 'count_lines']);

    const events: EventBody[] = [];
    const context = contextFor(root, registry, events);
    const [call] = reply.toolCalls;
    expect(await registry.run({ callId: 'call_1', name: call?.name ?? '', arguments: call?.arguments ?? '' }, context)).toBe('a.txt: 3\nb.txt: 1');
    expect(events).toEqual([{ type: 'agent.message', text: 'counted 2' }]);

    expect(await registry.run({ callId: 'call_2', name: 'count_lines', arguments: '{"path": ""}' }, context)).toBe(
      'Error: invalid arguments for count_lines, so nothing was run:\npath: name a file\nFix them and call count_lines again.',
    );
    expect(await registry.run({ callId: 'call_3', name: 'count_lines', arguments: '{"path": ' }, context)).toMatch(/^Error: the arguments for count_lines are not valid JSON/);
    expect(events).toHaveLength(1);
  });

  it('is unknown to a mode that does not offer it', async () => {
    const root = await workspace();
    const context = { ...contextFor(root, registry, []), offered: registry.offeredIn(MODES.review).map((tool) => tool.name) };
    expect(await registry.run({ callId: 'call_1', name: 'count_lines', arguments: '{"path": "a"}' }, context)).toBe(
      'Error: there is no tool named "count_lines". The tools are: shell, update_plan, report_finding. Call one of them by its exact name.',
    );
  });
});
