import os from 'node:os';
import type Docker from 'dockerode';
import { errorText } from '../errors.js';
import { isBeingCreated } from './createSandbox.js';
import { APP_LABEL_VALUE, LABEL, taskIdOfContainer } from './labels.js';

export interface ReapResult {
  /** Tasks whose sandbox was orphaned: the engine marks them interrupted. */
  taskIds: string[];
  /** Ids of the containers removed. */
  removed: string[];
  failed: { id: string; error: string }[];
}

export interface ReapOptions {
  /**
   * Whether the Codebay process that created a container still runs. Another live
   * process (the CLI next to the app) owns its containers, so they are not orphans.
   */
  ownerAlive?: (pid: number, host: string) => boolean;
}

/** Same host, another process that answers signal 0. This process's own earlier instances count as dead. */
export function processAlive(pid: number, host: string): boolean {
  if (host !== os.hostname() || pid === process.pid || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes every Codebay container that belongs to another, no longer running, engine instance. */
export async function reapOrphans(docker: Docker, currentInstanceId: string, options: ReapOptions = {}): Promise<ReapResult> {
  const ownerAlive = options.ownerAlive ?? processAlive;
  const containers = await docker.listContainers({ all: true, filters: { label: [`${LABEL.app}=${APP_LABEL_VALUE}`] } });
  const orphans = containers.filter((info) => {
    const labels = info.Labels ?? {};
    if (labels[LABEL.instance] === currentInstanceId) return false;
    return !ownerAlive(Number(labels[LABEL.pid]), labels[LABEL.host] ?? '');
  });
  const taskIds = new Set(orphans.flatMap((info) => taskIdOfContainer(info.Labels, info.Names ?? []) ?? []));
  const result: ReapResult = { taskIds: [...taskIds].sort(), ...(await removeContainers(docker, orphans)) };
  // Workspace volumes of containers removed without their volumes (`docker rm -f`); a
  // volume still attached to a container, a live engine's included, is never pruned.
  await docker.pruneVolumes({ filters: { label: [`${LABEL.app}=${APP_LABEL_VALUE}`] } }).catch(() => undefined);
  return result;
}

/**
 * Removes this engine's own sandboxes that have stopped (killed from outside, or Docker
 * restarted under them) or were created but never started (Docker went away in between):
 * they never run anything again, and their task may have failed while Docker could not be
 * asked to remove them.
 */
export async function removeStoppedSandboxes(docker: Docker, instanceId: string): Promise<string[]> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${LABEL.instance}=${instanceId}`], status: ['exited', 'dead', 'created'] } });
  const stopped = containers.filter((info) => info.State !== 'created' || !(info.Names ?? []).some((name) => isBeingCreated(name.replace(/^\//, ''))));
  // What could not be removed now (Docker busy or away) is tried again by the next sweep.
  return (await removeContainers(docker, stopped)).removed;
}

/** Removes containers with their volumes; one already gone counts as neither removed nor failed. */
async function removeContainers(docker: Docker, containers: readonly Docker.ContainerInfo[]): Promise<Pick<ReapResult, 'removed' | 'failed'>> {
  const result: Pick<ReapResult, 'removed' | 'failed'> = { removed: [], failed: [] };
  await Promise.all(
    containers.map(async (info) => {
      try {
        await docker.getContainer(info.Id).remove({ force: true, v: true });
        result.removed.push(info.Id);
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return;
        result.failed.push({ id: info.Id, error: `${errorText(error)}; remove it with \`docker rm -f ${info.Id.slice(0, 12)}\`` });
      }
    }),
  );
  return result;
}
