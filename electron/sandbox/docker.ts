import Docker from 'dockerode';
import { ActionableError, errorText } from '../errors.js';

export function createDocker(): Docker {
  // dockerode reads DOCKER_HOST (and the TLS variables) itself, like the docker CLI.
  return new Docker();
}

export function dockerEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_HOST?.trim() || (process.platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock');
}

export interface DockerInfo {
  version: string;
  apiVersion: string;
  os: string;
}

/** Asks the engine for its version, failing with what to do when it does not answer. */
export async function dockerInfo(docker: Docker, timeoutMs = 5_000): Promise<DockerInfo> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const version = await Promise.race([docker.version(), timeout]);
    return { version: version.Version, apiVersion: version.ApiVersion, os: `${version.Os}/${version.Arch}` };
  } catch (error) {
    throw new ActionableError(
      `Docker engine not reachable at ${dockerEndpoint()}: ${errorText(error)}`,
      'Start it (Linux: `sudo systemctl start docker` or run `dockerd`; macOS/Windows: open Docker Desktop), ' +
        'or point DOCKER_HOST at a running engine',
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}
