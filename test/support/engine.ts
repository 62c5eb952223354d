import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FINAL_STATUSES } from '../../shared/events.js';
import { createApp, type App, type AppOptions } from '../../electron/app.js';
import type { Task } from '../../electron/store/types.js';
import { sandboxImageTag } from '../../electron/sandbox/image.js';

/** An engine with its own data dir, talking to the scripted model at `baseUrl`. */
export function testApp(baseUrl: string, options: AppOptions & { wire?: 'chat' | 'responses' } = {}): App {
  const home = options.home ?? mkdtempSync(path.join(os.tmpdir(), 'codebay-engine-'));
  return createApp({
    home,
    imageTag: sandboxImageTag(),
    poolSize: 1,
    ...options,
    env: {
      ...process.env,
      OPENAI_BASE_URL: baseUrl,
      OPENAI_API_KEY: 'sk-test-key-0123456789',
      CODEBAY_MODEL: 'scripted',
      CODEBAY_WIRE: options.wire ?? 'chat',
      ...options.env,
    },
  });
}

export async function waitForTask(app: App, taskId: string, timeoutMs = 120_000): Promise<Task> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = app.store.tasks.get(taskId);
    if (task && FINAL_STATUSES.includes(task.status) && task.owner === null) {
      app.store.events.flush();
      return task;
    }
    if (Date.now() > deadline) throw new Error(`task ${taskId} still ${task?.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function eventsOf(app: App, taskId: string) {
  app.store.events.flush();
  return app.store.events.page(taskId, 0, 100_000);
}

/** All text of one kind of output event, in order. */
export function outputText(app: App, taskId: string, type: 'exec.output' | 'setup.output' = 'exec.output'): string {
  return eventsOf(app, taskId)
    .map((e) => (e.type === type ? e.text : ''))
    .join('');
}
