import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EventBody } from '../../shared/events.js';
import type { ProviderConfig, WireApi } from '../../electron/config/provider.js';
import { AgentTurnError, runTurn } from '../../electron/agent/index.js';
import type { AgentLimits, ConversationItem, TaskMode, TurnOutcome } from '../../electron/agent/types.js';
import { localToolHost } from '../support/localToolHost.js';
import { startModelServer, toolOutputsOf, type ModelServer, type RecordedRequest, type Script, type ToolOutput } from '../support/modelServer/index.js';

/** Shared set-up for the agent tests: a scripted model server, a temp workspace, and one turn. */

const cleanups: (() => Promise<void>)[] = [];

export async function cleanupAgentRuns(): Promise<void> {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
}

export async function workspace(files: Record<string, string> = {}): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'codebay-agent-'));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), content);
  }
  return root;
}

export async function modelServer(script: Script): Promise<ModelServer> {
  const server = await startModelServer(script);
  cleanups.push(() => server.close());
  return server;
}

export interface AgentRunOptions {
  script: Script;
  wire?: WireApi;
  mode?: TaskMode;
  prompt?: string;
  files?: Record<string, string>;
  root?: string;
  conversation?: ConversationItem[];
  limits?: Partial<AgentLimits>;
  provider?: Partial<ProviderConfig>;
  workingDirectory?: string;
  userInstructions?: string;
  signal?: AbortSignal;
  /** Sees each event as the agent emits it, so a test can act at a given point of the turn. */
  onEvent?: (event: EventBody) => void;
}

export interface AgentRun {
  events: EventBody[];
  outcome: TurnOutcome | undefined;
  error: AgentTurnError | undefined;
  server: ModelServer;
  /** The model requests only, without GET /v1/models. */
  requests: RecordedRequest[];
  root: string;
  elapsedMs: number;
}

export async function runAgent(options: AgentRunOptions): Promise<AgentRun> {
  const server = await modelServer(options.script);
  const root = options.root ?? (await workspace(options.files));
  const events: EventBody[] = [];
  const started = Date.now();
  let outcome: TurnOutcome | undefined;
  let error: AgentTurnError | undefined;
  try {
    outcome = await runTurn({
      taskId: 'task-1',
      turn: 1,
      mode: options.mode ?? 'code',
      prompt: options.prompt ?? 'Fix the failing test.',
      provider: { baseUrl: server.baseUrl, model: 'test-model', wire: options.wire ?? 'chat', apiKey: 'test-key', ...options.provider },
      conversation: options.conversation ?? [],
      host: localToolHost(root),
      emit: (event) => {
        events.push(event);
        options.onEvent?.(event);
      },
      signal: options.signal ?? new AbortController().signal,
      limits: { streamIdleTimeoutMs: 5_000, ...options.limits },
      ...(options.workingDirectory === undefined ? {} : { workingDirectory: options.workingDirectory }),
      ...(options.userInstructions === undefined ? {} : { userInstructions: options.userInstructions }),
    });
  } catch (caught) {
    if (!(caught instanceof AgentTurnError)) throw caught;
    error = caught;
  }
  return {
    events,
    outcome,
    error,
    server,
    requests: server.requests.filter((request) => request.method === 'POST'),
    root,
    elapsedMs: Date.now() - started,
  };
}

export function ofType<T extends EventBody['type']>(events: EventBody[], type: T): Extract<EventBody, { type: T }>[] {
  return events.filter((event): event is Extract<EventBody, { type: T }> => event.type === type);
}

type Json = Record<string, unknown>;

function records(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter((entry): entry is Json => typeof entry === 'object' && entry !== null) : [];
}

/** The instructions a request carried: the system message on chat, `instructions` on responses. */
export function instructionsOf(request: RecordedRequest | undefined): string {
  const body = request?.body;
  if (body === undefined) throw new Error('no such request');
  if (typeof body.instructions === 'string') return body.instructions;
  const system = records(body.messages).find((message) => message.role === 'system');
  return typeof system?.content === 'string' ? system.content : '';
}

/** The names of the tools a request offered, on either wire. */
export function toolNamesOf(request: RecordedRequest | undefined): string[] {
  return records(request?.body?.tools).map((tool) => {
    const fn = tool.function as Json | undefined;
    return String(fn?.name ?? tool.name);
  });
}

/** The conversation part of a request: chat messages after the system message, or responses input items. */
export function conversationOf(request: RecordedRequest | undefined): Json[] {
  const body = request?.body;
  return body?.messages !== undefined ? records(body.messages).filter((message) => message.role !== 'system') : records(body?.input);
}

/** The tool results a request sent back, on either wire; fails the test when there is no such request. */
export function resultsOf(request: RecordedRequest | undefined): ToolOutput[] {
  if (request === undefined) throw new Error('the model server got fewer requests than the test expects');
  return toolOutputsOf(request);
}
