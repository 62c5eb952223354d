import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaskStatus } from '../../shared/events.js';
import { openStore } from '../../electron/store/store.js';
import type { Store } from '../../electron/store/store.js';
import type { ProviderInput, Task } from '../../electron/store/types.js';
import { ManualClock } from '../support/manualClock.js';

let dir: string;
let file: string;
let store: Store;
let clock: ManualClock;
beforeEach(() => {
  clock = new ManualClock();
  dir = mkdtempSync(path.join(os.tmpdir(), 'codebay-store-queries-'));
  file = path.join(dir, 'codebay.db');
  store = openStore(file, { clock });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function reopen(): void {
  store.close();
  store = openStore(file, { clock });
}

describe('environments', () => {
  it('round-trips every field through a reopened file', () => {
    const created = store.environments.create({
      name: 'web',
      repoPath: '/src/web',
      baseBranch: 'main',
      setupScript: 'npm ci',
      envVars: { NODE_ENV: 'test', EMPTY: '' },
      secretNames: ['NPM_TOKEN'],
      agentNetwork: true,
      cpus: 1.5,
      memoryBytes: 2 * 1024 ** 3,
      pidsLimit: 512,
      timeLimitMs: 600_000,
    });
    expect(created.id).toMatch(/^[0-9a-hjkmnp-tv-z]{26}$/);
    reopen();
    expect(store.environments.get(created.id)).toEqual(created);
    expect(store.environments.get('nope')).toBeUndefined();
  });

  it('fills defaults, lists by name and updates only what the patch names', () => {
    const beta = store.environments.create({ name: 'beta' });
    const alpha = store.environments.create({ name: 'Alpha', repoPath: '/a' });
    expect(beta).toMatchObject({ setupScript: '', envVars: {}, secretNames: [], agentNetwork: false, image: null, cpus: null });
    expect(store.environments.list().map((environment) => environment.name)).toEqual(['Alpha', 'beta']);

    clock.advance(5);
    const updated = store.environments.update(alpha.id, { agentNetwork: true, envVars: { A: '1' }, image: null });
    expect(updated).toEqual({ ...alpha, agentNetwork: true, envVars: { A: '1' }, updatedAt: updated?.updatedAt });
    expect(updated?.updatedAt).toBe(alpha.updatedAt + 5);
    expect(store.environments.update('missing', { name: 'x' })).toBeUndefined();
  });

  it('refuses a second environment with the same name, by create or rename', () => {
    store.environments.create({ name: 'web' });
    const other = store.environments.create({ name: 'api' });
    expect(() => store.environments.create({ name: 'web' })).toThrow('There is already an environment named "web". Choose another name');
    expect(() => store.environments.update(other.id, { name: 'web' })).toThrow(/already an environment named "web"/);
    expect(store.environments.get(other.id)?.name).toBe('api');
  });

  it('removing one detaches its tasks instead of losing them (foreign keys are enforced)', () => {
    const environment = store.environments.create({ name: 'web' });
    const task = store.tasks.create({ title: 't', prompt: 'p', mode: 'code', repoPath: '/r', environmentId: environment.id });
    expect(() => store.tasks.create({ title: 't', prompt: 'p', mode: 'code', repoPath: '/r', environmentId: 'ghost' })).toThrow(
      /FOREIGN KEY/,
    );
    expect(store.environments.remove(environment.id)).toBe(true);
    expect(store.environments.remove(environment.id)).toBe(false);
    expect(store.tasks.get(task.id)?.environmentId).toBeNull();
  });
});

describe('providers', () => {
  it('creates, reads, lists, updates and removes', () => {
    const local = store.providers.create({
      name: 'Local',
      preset: 'ollama',
      baseUrl: 'http://127.0.0.1:11434/v1',
      wire: 'chat',
      model: 'qwen3-coder',
      extraHeaders: { 'X-Trace': 'on' },
      contextWindow: 32_768,
    });
    const cloud = store.providers.create({ name: 'cloud', baseUrl: 'https://api.openai.com/v1', wire: 'responses', model: 'gpt-5' });
    expect(cloud).toMatchObject({ preset: 'custom', extraHeaders: {}, contextWindow: null, hasKey: false });
    reopen();
    expect(store.providers.get(local.id)).toEqual(local);
    expect(store.providers.list().map((provider) => provider.name)).toEqual(['cloud', 'Local']);
    expect(store.providers.update(cloud.id, { hasKey: true, model: 'gpt-5-codex' })).toMatchObject({ hasKey: true, model: 'gpt-5-codex' });
    expect(() => store.providers.update(cloud.id, { name: 'Local' })).toThrow(/already a provider named "Local"/);
    expect(store.providers.remove(local.id)).toBe(true);
    expect(store.providers.list().map((provider) => provider.id)).toEqual([cloud.id]);
  });
});

describe('settings', () => {
  it('stores JSON values by name and overwrites on set', () => {
    expect(store.settings.get('theme')).toBeUndefined();
    store.settings.set('theme', 'dark');
    store.settings.set('concurrency', 4);
    store.settings.set('notify', { onFinish: true, sound: null, channels: ['os', 'dock'] });
    store.settings.set('theme', 'light');
    reopen();
    expect(store.settings.get('theme')).toBe('light');
    expect(store.settings.all()).toEqual({
      concurrency: 4,
      notify: { onFinish: true, sound: null, channels: ['os', 'dock'] },
      theme: 'light',
    });
    expect(store.settings.remove('theme')).toBe(true);
    expect(store.settings.get('theme')).toBeUndefined();
  });
});

describe('tasks', () => {
  const base = { prompt: 'do the thing', mode: 'code', repoPath: '/src/web' } as const;

  it('creates a queued task and round-trips updates, markers and the conversation', () => {
    const task = store.tasks.create({ ...base, title: 'Fix login', baseRef: 'main', baseCommit: 'abc', includeUncommitted: true });
    expect(task).toMatchObject({ status: 'queued', attempt: 1, attemptsTotal: 1, archived: false, linesAdded: 0, includeUncommitted: true });
    const patch = {
      status: 'succeeded',
      phase: 'done',
      linesAdded: 10,
      linesRemoved: 3,
      filesChanged: 2,
      inputTokens: 1200,
      outputTokens: 300,
      startedAt: task.createdAt + 1,
      finishedAt: task.createdAt + 2,
      archived: true,
      exportedAt: 5,
      branchName: 'codebay/fix-login',
      branchedAt: 6,
      pushedTo: 'origin codebay/fix-login',
      pushedAt: 7,
      containerId: 'c0ffee',
      error: null,
    } as const;
    expect(store.tasks.update(task.id, patch)).toEqual({ ...task, ...patch });
    expect(store.tasks.getConversation(task.id)).toBeUndefined();
    const conversation = [{ role: 'user', content: 'hi' }, { role: 'assistant', content: [{ type: 'text', text: 'ok' }] }];
    expect(store.tasks.setConversation(task.id, conversation)).toBe(true);
    expect(store.tasks.setConversation('missing', conversation)).toBe(false);
    reopen();
    expect(store.tasks.get(task.id)).toEqual({ ...task, ...patch });
    expect(store.tasks.getConversation(task.id)).toEqual(conversation);
    expect(store.tasks.update('missing', { title: 'x' })).toBeUndefined();
  });

  it('rejects values the schema does not allow', () => {
    const task = store.tasks.create({ ...base, title: 't' });
    expect(() => store.tasks.writeState(task.id, { status: 'exploded' as TaskStatus, phase: null })).toThrow(/CHECK constraint/);
    expect(store.tasks.get(task.id)?.status).toBe('queued');
  });

  describe('listing', () => {
    let tasks: Task[];
    beforeEach(() => {
      // Created in one millisecond or a few; the ids break ties in creation order.
      tasks = Array.from({ length: 25 }, (_, index) =>
        store.tasks.create({
          ...base,
          title: `Task ${index}${index === 7 ? ' 100% done_ok' : ''}`,
          prompt: index % 5 === 0 ? 'Explain the DATABASE layer' : 'fix things',
          mode: index % 5 === 0 ? 'ask' : 'code',
          groupId: index < 3 ? 'group-a' : null,
          attempt: index < 3 ? index + 1 : 1,
          attemptsTotal: index < 3 ? 3 : 1,
        }),
      );
      const statuses: TaskStatus[] = ['queued', 'running', 'succeeded', 'failed'];
      tasks.forEach((task, index) => store.tasks.writeState(task.id, { status: statuses[index % 4] ?? 'queued', phase: null }, { archived: index % 6 === 5 }));
    });
    const newestFirst = (): string[] => tasks.map((task) => task.id).reverse();

    it('returns newest first with a default page and a total count', () => {
      expect(store.tasks.list({}, { limit: 100 }).map((task) => task.id)).toEqual(newestFirst());
      expect(store.tasks.count()).toBe(25);
      expect(store.tasks.list()).toHaveLength(25);
    });

    it('filters by status set, archived flag and group, and counts the same way', () => {
      const filter = { statuses: ['running', 'failed'] as TaskStatus[], archived: false };
      const expected = newestFirst().filter((id) => {
        const index = tasks.findIndex((task) => task.id === id);
        return (index % 4 === 1 || index % 4 === 3) && index % 6 !== 5;
      });
      expect(expected.length).toBeGreaterThan(3);
      expect(store.tasks.list(filter).map((task) => task.id)).toEqual(expected);
      expect(store.tasks.count(filter)).toBe(expected.length);
      expect(store.tasks.list({ statuses: [] })).toEqual([]);
      expect(store.tasks.list({ archived: true }).every((task) => task.archived)).toBe(true);
      expect(store.tasks.count({ archived: true })).toBe(4);
      expect(store.tasks.list({ groupId: 'group-a' }).map((task) => task.attempt)).toEqual([3, 2, 1]);
    });

    it('searches title and prompt case-insensitively, treating % and _ literally', () => {
      expect(store.tasks.count({ search: 'database' })).toBe(5);
      expect(store.tasks.list({ search: '  DataBase ' }).every((task) => task.prompt.includes('DATABASE'))).toBe(true);
      expect(store.tasks.list({ search: '100% done_ok' }).map((task) => task.id)).toEqual([tasks[7]?.id]);
      expect(store.tasks.count({ search: '%' })).toBe(1);
      // Unescaped, _ would match the space in "Task 1".
      expect(store.tasks.count({ search: 'k_1' })).toBe(0);
      expect(store.tasks.count({ search: 'task 1' })).toBe(11);
      expect(store.tasks.count({ search: 'database', statuses: ['queued'] })).toBe(2);
    });

    it('pages by offset and by cursor without gaps or repeats', () => {
      const byOffset: string[] = [];
      for (let offset = 0; offset < 25; offset += 10) {
        byOffset.push(...store.tasks.list({}, { limit: 10, offset }).map((task) => task.id));
      }
      expect(byOffset).toEqual(newestFirst());

      const byCursor: string[] = [];
      let page = store.tasks.list({}, { limit: 7 });
      while (page.length > 0) {
        byCursor.push(...page.map((task) => task.id));
        const last = page.at(-1);
        // A task created meanwhile must not shift the cursor pages.
        if (byCursor.length === 7) store.tasks.create({ ...base, title: 'newcomer' });
        page = last ? store.tasks.list({}, { limit: 7, before: last }) : [];
      }
      expect(byCursor).toEqual(newestFirst());
    });
  });
});

describe('turns', () => {
  it('numbers turns per task and round-trips updates', () => {
    const task = store.tasks.create({ title: 't', prompt: 'first', mode: 'code', repoPath: '/r' });
    const other = store.tasks.create({ title: 'o', prompt: 'other', mode: 'ask', repoPath: '/r' });
    const first = store.turns.create(task.id, { prompt: 'first', status: 'running', startedAt: 10 });
    const second = store.turns.create(task.id, { prompt: 'follow-up', baseRef: 'refs/codebay/x/1' });
    expect([first.turn, second.turn, store.turns.create(other.id, { prompt: 'o' }).turn]).toEqual([1, 2, 1]);
    expect(second).toMatchObject({ status: 'queued', baseRef: 'refs/codebay/x/1', summary: null, linesAdded: 0 });

    const patch = {
      status: 'succeeded',
      summary: 'Fixed it',
      resultRef: `refs/codebay/${task.id}/1`,
      linesAdded: 4,
      linesRemoved: 1,
      filesChanged: 1,
      inputTokens: 100,
      outputTokens: 20,
      finishedAt: 20,
    } as const;
    expect(store.turns.update(task.id, 1, patch)).toEqual({ ...first, ...patch });
    reopen();
    expect(store.turns.list(task.id)).toEqual([{ ...first, ...patch }, second]);
    expect(store.turns.get(task.id, 3)).toBeUndefined();
    expect(store.turns.writeState(task.id, 3, 'failed')).toBeUndefined();
    expect(store.turns.remove(task.id, 2)).toBe(true);
    expect(store.turns.list(task.id).map((turn) => turn.turn)).toEqual([1]);
    expect(() => store.turns.create('ghost', { prompt: 'x' })).toThrow(/Cannot add a turn to task ghost: there is no such task/);
  });
});

describe('secrets', () => {
  it('has no column that could hold a key, token or secret value', () => {
    // Names that only describe secrets (whether a key exists, which secrets to inject) or count tokens.
    const allowed = new Set(['providers.has_key', 'environments.secret_names', 'tasks.input_tokens', 'tasks.output_tokens', 'turns.input_tokens', 'turns.output_tokens']);
    const tables = store.db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    const suspicious: string[] = [];
    let columns = 0;
    for (const { name } of tables) {
      for (const column of store.db.prepare<[], { name: string }>(`PRAGMA table_info(${name})`).all()) {
        columns += 1;
        const qualified = `${name}.${column.name}`;
        if (/key|secret|token|password|credential|auth/i.test(column.name) && !allowed.has(qualified)) suspicious.push(qualified);
      }
    }
    expect(columns).toBeGreaterThan(50);
    expect(suspicious).toEqual([]);
  });

  it('ignores a key smuggled into provider or environment input, so it never reaches the file', () => {
    const smuggled = { name: 'p', baseUrl: 'http://127.0.0.1:1/v1', wire: 'chat', model: 'm', apiKey: 'sk-SMUGGLED-123' } as const;
    const input: ProviderInput = smuggled;
    const provider = store.providers.create(input);
    expect(provider).not.toHaveProperty('apiKey');
    const environment = { name: 'e', secretNames: ['TOKEN'], secretValues: { TOKEN: 'tok-SMUGGLED-456' } };
    store.environments.create(environment);
    store.close();
    for (const name of readdirSync(dir)) {
      const bytes = readFileSync(path.join(dir, name)).toString('latin1');
      expect(bytes).not.toContain('SMUGGLED');
      expect(bytes.length).toBeGreaterThan(0);
    }
    store = openStore(file, { clock });
    expect(store.providers.get(provider.id)).toEqual(provider);
  });
});
