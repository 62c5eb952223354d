import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where Codebay keeps its database, mirrors and secrets: CODEBAY_HOME, else the OS default. */
export function dataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  const explicit = env.CODEBAY_HOME?.trim();
  if (explicit) return path.resolve(explicit);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Codebay');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Codebay');
  return path.join(env.XDG_DATA_HOME?.trim() || path.join(home, '.local', 'share'), 'codebay');
}

/**
 * The folder holding build/ and renderer output: the checkout when run from
 * source or dist/, or the packaged app's resources (CODEBAY_RESOURCES).
 */
export function appRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CODEBAY_RESOURCES) return env.CODEBAY_RESOURCES;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'build', 'sandbox', 'Dockerfile'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(
        `Codebay's build/sandbox folder was not found above ${fileURLToPath(import.meta.url)}; ` +
          'run Codebay from its checkout or set CODEBAY_RESOURCES to the folder that holds build/.',
      );
    }
    dir = parent;
  }
}

export function sandboxBuildDir(): string {
  return path.join(appRoot(), 'build', 'sandbox');
}

export function rendererDistDir(): string {
  return path.join(appRoot(), 'dist', 'renderer');
}
