import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionableError } from '../../electron/errors.js';
import { openDatabase } from '../../electron/store/database.js';
import { migrate, schemaVersion } from '../../electron/store/migrate.js';
import { MIGRATIONS } from '../../electron/store/migrations.js';
import type { Migration } from '../../electron/store/migrations.js';
import { openStore } from '../../electron/store/store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'codebay-store-migrations-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function tableNames(db: Database.Database): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .map((row) => row.name);
}

function indexNames(db: Database.Database): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
    .all()
    .map((row) => row.name);
}

describe('opening a fresh store', () => {
  it('creates the folder, every table and the latest schema version with the documented pragmas', () => {
    const file = path.join(dir, 'nested', 'deeper', 'codebay.db');
    const store = openStore(file);
    try {
      expect(schemaVersion(store.db)).toBe(MIGRATIONS.length);
      expect(MIGRATIONS.length).toBeGreaterThanOrEqual(2);
      expect(tableNames(store.db)).toEqual(['comments', 'environments', 'events', 'findings', 'providers', 'settings', 'tasks', 'turns']);
      expect(indexNames(store.db)).toEqual(['comments_by_task', 'findings_by_task', 'tasks_by_group', 'tasks_by_status', 'tasks_newest_first']);
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
      // 1 is NORMAL.
      expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
    } finally {
      store.close();
    }
  });

  it('opens an up-to-date file again without changing it', () => {
    const file = path.join(dir, 'codebay.db');
    openStore(file).close();
    const db = openDatabase(file);
    try {
      expect(migrate(db, MIGRATIONS, file)).toEqual({ from: MIGRATIONS.length, to: MIGRATIONS.length });
    } finally {
      db.close();
    }
  });
});

describe('upgrading a database written by an older version', () => {
  it('applies the missing migrations and keeps every row', () => {
    const file = path.join(dir, 'codebay.db');
    const old = openDatabase(file);
    migrate(old, MIGRATIONS.slice(0, 1), file);
    expect(schemaVersion(old)).toBe(1);
    old.exec(`
      INSERT INTO environments (id, name, repo_path, env_vars, secret_names, agent_network, created_at, updated_at)
        VALUES ('env1', 'web', '/src/web', '{"NODE_ENV":"test"}', '["NPM_TOKEN"]', 1, 1000, 2000);
      INSERT INTO providers (id, name, preset, base_url, wire, model, has_key, created_at, updated_at)
        VALUES ('prov1', 'Local', 'ollama', 'http://127.0.0.1:11434/v1', 'chat', 'qwen3-coder', 0, 1000, 1000);
      INSERT INTO settings (name, value, updated_at) VALUES ('theme', '"dark"', 1000);
      INSERT INTO tasks (id, title, prompt, mode, status, environment_id, repo_path, base_commit, provider_id,
                         lines_added, archived, created_at, conversation)
        VALUES ('task1', 'Fix login', 'fix the flaky login test', 'code', 'succeeded', 'env1', '/src/web', 'abc123',
                'prov1', 12, 0, 3000, '[{"role":"user","content":"hi"}]');
      INSERT INTO turns (task_id, turn, prompt, status, summary) VALUES ('task1', 1, 'fix it', 'succeeded', 'done');
      INSERT INTO events (task_id, seq, ts, type, body) VALUES
        ('task1', 1, 3001, 'task.status', '{"status":"running"}'),
        ('task1', 2, 3002, 'agent.message', '{"text":"done"}');
    `);
    old.close();

    const store = openStore(file);
    try {
      expect(schemaVersion(store.db)).toBe(MIGRATIONS.length);
      expect(indexNames(store.db)).toContain('tasks_newest_first');
      const task = store.tasks.get('task1');
      expect(task).toMatchObject({
        title: 'Fix login',
        status: 'succeeded',
        environmentId: 'env1',
        providerId: 'prov1',
        baseCommit: 'abc123',
        linesAdded: 12,
        archived: false,
        logBytes: 0,
        logDroppedBytes: 0,
      });
      expect(store.tasks.getConversation('task1')).toEqual([{ role: 'user', content: 'hi' }]);
      expect(store.environments.get('env1')).toMatchObject({
        name: 'web',
        envVars: { NODE_ENV: 'test' },
        secretNames: ['NPM_TOKEN'],
        agentNetwork: true,
      });
      expect(store.providers.get('prov1')).toMatchObject({ model: 'qwen3-coder', wire: 'chat', hasKey: false });
      expect(store.settings.get('theme')).toBe('dark');
      expect(store.turns.list('task1')).toMatchObject([{ turn: 1, summary: 'done' }]);
      expect(store.events.page('task1', 0, 10)).toEqual([
        { taskId: 'task1', seq: 1, ts: 3001, type: 'task.status', status: 'running' },
        { taskId: 'task1', seq: 2, ts: 3002, type: 'agent.message', text: 'done' },
      ]);
      expect(store.events.append('task1', { type: 'agent.message', text: 'follow-up' })?.seq).toBe(3);
    } finally {
      store.close();
    }
  });

  it('takes the CHECK on mode off the tasks table (migration 9) keeping every row, index and reference to it', () => {
    const file = path.join(dir, 'codebay.db');
    const old = openDatabase(file);
    migrate(old, MIGRATIONS.slice(0, 8), file);
    old.exec(`
      INSERT INTO tasks (id, title, prompt, mode, status, repo_path, group_id, created_at) VALUES
        ('task1', 'Fix login', 'fix it', 'code', 'succeeded', '/src/web', 'g1', 3000),
        ('task2', 'Why slow', 'why?', 'ask', 'failed', '/src/web', NULL, 4000);
      INSERT INTO turns (task_id, turn, prompt, status) VALUES ('task1', 1, 'fix it', 'succeeded'), ('task2', 1, 'why?', 'failed');
      INSERT INTO events (task_id, seq, ts, type, body) VALUES ('task1', 1, 3001, 'task.status', '{"status":"running"}');
      INSERT INTO comments (id, task_id, turn, side, path, start_line, end_line, quote, body, created_at, updated_at)
        VALUES ('c1', 'task1', 1, 'modified', 'a.py', 1, 2, 'x', 'why?', 5000, 5000);
    `);
    expect(() => old.prepare("INSERT INTO tasks (id, title, prompt, mode, status, repo_path, created_at) VALUES ('x', 't', 'p', 'review', 'queued', '/r', 1)").run()).toThrow(/CHECK/);
    old.close();

    const store = openStore(file);
    try {
      expect(schemaVersion(store.db)).toBe(MIGRATIONS.length);
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(store.tasks.list({}).map((t) => [t.id, t.mode, t.status, t.reviewTarget, t.findingsOpen])).toEqual([
        ['task2', 'ask', 'failed', null, 0],
        ['task1', 'code', 'succeeded', null, 0],
      ]);
      expect(store.turns.list('task1')).toHaveLength(1);
      expect(store.events.page('task1', 0, 10)).toHaveLength(1);
      expect(store.comments.list('task1').map((c) => c.id)).toEqual(['c1']);
      expect(indexNames(store.db)).toEqual(expect.arrayContaining(['tasks_by_group', 'tasks_by_status', 'tasks_newest_first']));
      const review = store.tasks.create({ title: 'Review', prompt: 'review it', mode: 'review', repoPath: '/src/web', reviewTarget: { kind: 'uncommitted' }, reviewBase: 'abc' });
      expect(store.tasks.get(review.id)).toMatchObject({ mode: 'review', reviewTarget: { kind: 'uncommitted' }, reviewBase: 'abc' });
      // The references into the rebuilt table still hold: deleting a task takes its turns and comments with it.
      store.db.prepare("DELETE FROM tasks WHERE id = 'task1'").run();
      expect(store.turns.list('task1')).toEqual([]);
      expect(store.comments.list('task1')).toEqual([]);
      expect(() => store.db.prepare("INSERT INTO turns (task_id, turn, prompt, status) VALUES ('nobody', 1, 'p', 'queued')").run()).toThrow(/FOREIGN KEY/);
    } finally {
      store.close();
    }
  });

  it('refuses a database from a newer version and leaves it untouched', () => {
    const file = path.join(dir, 'codebay.db');
    const newer = new Database(file);
    newer.exec('CREATE TABLE future (x INTEGER)');
    newer.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    newer.close();

    let thrown: unknown;
    try {
      openStore(file);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ActionableError);
    expect((thrown as Error).message).toMatch(
      new RegExp(`schema version ${MIGRATIONS.length + 5}, newer than the ${MIGRATIONS.length}.*update Codebay`),
    );
    const after = new Database(file, { readonly: true });
    try {
      expect(schemaVersion(after)).toBe(MIGRATIONS.length + 5);
      expect(tableNames(after)).toEqual(['future']);
    } finally {
      after.close();
    }
  });
});

describe('the migration runner', () => {
  it('rolls a failing migration back completely and stays at the previous version', () => {
    const file = path.join(dir, 'codebay.db');
    const migrations: Migration[] = [
      { version: 1, name: 'first', up: 'CREATE TABLE a (x INTEGER)' },
      {
        version: 2,
        name: 'breaks halfway',
        up: (db) => {
          db.exec('CREATE TABLE b (x INTEGER)');
          throw new Error('disk on fire');
        },
      },
    ];
    const db = openDatabase(file);
    try {
      expect(() => migrate(db, migrations, file)).toThrow(
        /Migration 2 \("breaks halfway"\) failed on .*disk on fire; the database stays at schema version 1/,
      );
      expect(schemaVersion(db)).toBe(1);
      expect(tableNames(db)).toEqual(['a']);
    } finally {
      db.close();
    }
  });

  it('rejects a migration list with a gap in its numbers', () => {
    const db = openDatabase(path.join(dir, 'codebay.db'));
    try {
      expect(() =>
        migrate(
          db,
          [
            { version: 1, name: 'one', up: 'SELECT 1' },
            { version: 3, name: 'three', up: 'SELECT 1' },
          ],
          'test',
        ),
      ).toThrow(/"three" has version 3; expected 2/);
      expect(schemaVersion(db)).toBe(0);
    } finally {
      db.close();
    }
  });

  it('explains a file that is not a database', () => {
    const file = path.join(dir, 'codebay.db');
    writeFileSync(file, 'this is not sqlite, just some text that is long enough to have a header'.repeat(20));
    expect(() => openStore(file)).toThrow(/Could not open the database .*codebay\.db.*move it aside/);
  });
});
