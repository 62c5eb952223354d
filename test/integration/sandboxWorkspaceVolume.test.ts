import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocker } from '../../electron/sandbox/docker.js';
import { createSandbox } from '../../electron/sandbox/createSandbox.js';
import { APP_LABEL_VALUE, LABEL } from '../../electron/sandbox/labels.js';
import { reapOrphans } from '../../electron/sandbox/reaper.js';
import type { Sandbox } from '../../electron/sandbox/sandbox.js';
import { ensureSandboxImage, removeInstanceContainers, testInstanceId } from './sandboxFixture.js';

const docker = createDocker();
const instanceId = testInstanceId('volume');
let image: string;

async function workspaceVolume(sandbox: Sandbox): Promise<string> {
  const info = await sandbox.container.inspect();
  const mount = info.Mounts.find((m) => m.Destination === '/workspace');
  if (!mount?.Name) throw new Error(`sandbox ${sandbox.label} has no workspace volume`);
  return mount.Name;
}

async function volumeExists(name: string): Promise<boolean> {
  return docker
    .getVolume(name)
    .inspect()
    .then(
      () => true,
      () => false,
    );
}

beforeAll(async () => {
  image = await ensureSandboxImage(docker);
});

afterAll(async () => {
  await removeInstanceContainers(docker, instanceId);
});

describe('the sandbox workspace volume', () => {
  it('is the agent-owned /workspace, labelled as Codebay, and goes with its sandbox', async () => {
    const sandbox = await createSandbox({ docker, image, instanceId, taskId: 'volume-owned' });
    const volume = await workspaceVolume(sandbox);
    expect((await docker.getVolume(volume).inspect()).Labels).toMatchObject({ [LABEL.app]: APP_LABEL_VALUE });
    let out = '';
    const result = await sandbox.exec(['sh', '-c', 'stat -c %U /workspace && touch /workspace/file && echo written'], { onOutput: (_s, text) => void (out += text) });
    expect(result.exitCode).toBe(0);
    expect(out.split('\n')).toEqual(['codebay', 'written', '']);

    await sandbox.remove();
    expect(await volumeExists(volume)).toBe(false);
  });

  it('is pruned by the reaper when its container was removed without it, and kept while attached', async () => {
    const [dropped, kept] = await Promise.all([
      createSandbox({ docker, image, instanceId, taskId: 'volume-dropped' }),
      createSandbox({ docker, image, instanceId, taskId: 'volume-kept' }),
    ]);
    const [droppedVolume, keptVolume] = await Promise.all([workspaceVolume(dropped), workspaceVolume(kept)]);
    // What `docker rm -f` does: the anonymous volume stays behind.
    await dropped.container.remove({ force: true });
    expect(await volumeExists(droppedVolume)).toBe(true);

    // This instance is the current one, so the reaper spares its containers.
    await reapOrphans(docker, instanceId);
    expect(await volumeExists(droppedVolume)).toBe(false);
    expect(await volumeExists(keptVolume)).toBe(true);
    expect(await kept.isRunning()).toBe(true);
    await kept.remove();
  });
});
