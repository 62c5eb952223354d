import type Docker from 'dockerode';
import { ActionableError, errorText } from '../errors.js';
import { sandboxCreateOptions } from './containerConfig.js';
import { poolContainerName, taskContainerName } from './labels.js';
import { resolveLimits } from './limits.js';
import type { SandboxLimits } from './limits.js';
import { ensureSandboxNetwork } from './network.js';
import { Sandbox } from './sandbox.js';

export interface CreateSandboxOptions {
  docker: Docker;
  image: string;
  /** Identifies this engine process; containers of other instances are orphans to the reaper. */
  instanceId: string;
  /** Omitted for a container made for the warm pool. */
  taskId?: string;
  limits?: Partial<SandboxLimits>;
  /** Defaults to the shared sandbox network (see network.ts). */
  network?: string;
  /** Host folder of installed agent CLIs, mounted read-only in the sandbox. */
  agentsDir?: string;
}

/** Names of containers this process is creating and starting right now: created, but not stray. */
const inFlight = new Set<string>();

/** Whether this process is still creating or starting the container with this name. */
export function isBeingCreated(name: string): boolean {
  return inFlight.has(name);
}

/** Creates and starts a sandbox container with Codebay's security defaults. */
export async function createSandbox(options: CreateSandboxOptions): Promise<Sandbox> {
  const name = options.taskId === undefined ? poolContainerName() : taskContainerName(options.taskId);
  inFlight.add(name);
  try {
    return await createAndStart(options, name);
  } finally {
    inFlight.delete(name);
  }
}

async function createAndStart(options: CreateSandboxOptions, name: string): Promise<Sandbox> {
  const { docker, image, taskId } = options;
  const limits = resolveLimits(options.limits);
  const network = await ensureSandboxNetwork(docker, options.network);
  let container: Docker.Container;
  try {
    container = await docker.createContainer(
      sandboxCreateOptions({
        image,
        name,
        network,
        limits,
        instanceId: options.instanceId,
        taskId: taskId ?? '',
        pooled: taskId === undefined,
        ...(options.agentsDir ? { agentsDir: options.agentsDir } : {}),
      }),
    );
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) {
      throw new ActionableError(`Sandbox image ${image} is not on this Docker engine`, 'Build it with `codebay image build` (npm run sandbox:image)', { cause: error });
    }
    throw new Error(`Could not create sandbox container from ${image}: ${errorText(error)}`, { cause: error });
  }
  try {
    await container.start();
  } catch (error) {
    // The start failure is what the user needs to see; a failed cleanup is left to the reaper.
    await container.remove({ force: true, v: true }).catch(() => undefined);
    throw new Error(`Could not start sandbox container ${name} from ${image}: ${errorText(error)}. Check \`docker info\` for resource limits and the image's CMD`, { cause: error });
  }
  return new Sandbox(docker, container.id, name, taskId);
}
