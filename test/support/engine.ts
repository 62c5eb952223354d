import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App, type AppOptions } from '../../electron/app.js';
import { sandboxImageTag } from '../../electron/sandbox/image.js';

export type TestAppOptions = AppOptions & { wire?: 'chat' | 'responses' };

/** An engine with its own data dir, talking to the scripted model at `baseUrl`. */
export function testApp(baseUrl: string, options: TestAppOptions = {}): App {
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
