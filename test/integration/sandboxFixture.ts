import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { buildSandboxImage, imageExists, sandboxImageTag } from '../../electron/sandbox/image.js';
import { LABEL } from '../../electron/sandbox/labels.js';

/** The engine's sandbox image, built once (offline path, ~3-5 min) if this engine lacks it. */
export async function ensureSandboxImage(docker: Docker): Promise<string> {
  const tag = sandboxImageTag();
  if (!(await imageExists(docker, tag))) {
    await buildSandboxImage(docker, { onLine: (line) => console.log(`[image] ${line}`) });
  }
  return tag;
}

/** A fresh engine instance id per test file, so cleanup and the reaper can tell runs apart. */
export function testInstanceId(prefix: string): string {
  return `test-${prefix}-${randomBytes(4).toString('hex')}`;
}

export async function containersOfInstance(docker: Docker, instanceId: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`${LABEL.instance}=${instanceId}`] } });
}

export async function removeInstanceContainers(docker: Docker, instanceId: string): Promise<void> {
  const containers = await containersOfInstance(docker, instanceId);
  await Promise.all(containers.map((info) => docker.getContainer(info.Id).remove({ force: true, v: true })));
}
