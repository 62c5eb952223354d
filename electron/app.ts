import type Docker from 'dockerode';
import pkg from '../package.json' with { type: 'json' };
import type { DoctorReport } from '../shared/types.js';
import { providerFromEnv } from './config/provider.js';
import { runDoctor } from './doctor.js';
import { dataDir } from './paths.js';
import { createDocker } from './sandbox/docker.js';
import { sandboxImageTag } from './sandbox/image.js';

export interface AppOptions {
  /** Overrides CODEBAY_HOME and the OS default. */
  home?: string;
  env?: NodeJS.ProcessEnv;
  /** better-sqlite3 compiled for Electron's ABI, when running inside Electron. */
  nativeBinding?: string;
}

/** The composition root: every long-lived part of the engine, built once per process. */
export interface App {
  readonly version: string;
  readonly home: string;
  readonly docker: Docker;
  readonly imageTag: string;
  doctor(): Promise<DoctorReport>;
  close(): Promise<void>;
}

export function createApp(options: AppOptions = {}): App {
  const env = options.env ?? process.env;
  const home = options.home ?? dataDir(env);
  const docker = createDocker();
  const imageTag = sandboxImageTag();
  return {
    version: pkg.version,
    home,
    docker,
    imageTag,
    doctor: () => runDoctor({ docker, imageTag, dataDir: home, provider: providerFromEnv(env) }),
    close: async () => undefined,
  };
}
