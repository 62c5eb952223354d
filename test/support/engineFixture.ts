import type Docker from 'dockerode';
import { afterAll, beforeAll } from 'vitest';
import type { App } from '../../electron/app.js';
import { requireSandboxImage } from './docker.js';
import { testApp, type TestAppOptions } from './engine.js';
import { TempDirs } from './gitFixture.js';
import { startModelServer, type ModelServer, type Script } from './modelServer/index.js';

/** A started engine for the tests of one describe block; read its parts inside hooks and tests only. */
export interface EngineFixture {
  readonly app: App;
  readonly model: ModelServer;
  readonly docker: Docker;
  /** Temp dirs removed after the block, for repos and whatever else the tests make. */
  readonly dirs: TempDirs;
}

/**
 * Registers a beforeAll that checks for the sandbox image, starts the scripted
 * model and an engine on it, and an afterAll that closes both and removes `dirs`.
 * The script runs only when the engine asks the model, so it may use what a
 * later beforeAll sets up.
 */
export function useEngine(script: Script, options: TestAppOptions = {}): EngineFixture {
  const dirs = new TempDirs();
  let started: { app: App; model: ModelServer; docker: Docker } | undefined;
  const parts = (): { app: App; model: ModelServer; docker: Docker } => {
    if (!started) throw new Error('the engine fixture is not started: use it inside hooks and tests, after its beforeAll');
    return started;
  };

  beforeAll(async () => {
    const { docker } = await requireSandboxImage();
    const model = await startModelServer(script);
    const app = testApp(model.baseUrl, options);
    started = { app, model, docker };
    await app.startEngine();
  });

  afterAll(async () => {
    await started?.app.close();
    await started?.model.close();
    started = undefined;
    dirs.cleanup();
  });

  return {
    get app() {
      return parts().app;
    },
    get model() {
      return parts().model;
    },
    get docker() {
      return parts().docker;
    },
    dirs,
  };
}
