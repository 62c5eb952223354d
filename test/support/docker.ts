import type Docker from 'dockerode';
import { createDocker } from '../../electron/sandbox/docker.js';
import { imageExists, sandboxImageTag } from '../../electron/sandbox/image.js';

/**
 * The sandbox image the tests run. `npm test` builds it before the suite, so a
 * missing image is a setup failure, never a reason to skip.
 */
export async function requireSandboxImage(): Promise<{ docker: Docker; tag: string }> {
  const docker = createDocker();
  const tag = sandboxImageTag();
  if (!(await imageExists(docker, tag))) {
    throw new Error(`sandbox image ${tag} is missing: run \`npm run sandbox:image\` (npm test does this first)`);
  }
  return { docker, tag };
}

/** Runs one command in a throwaway container of the image and returns its output. */
export async function runInImage(docker: Docker, tag: string, command: string[], user = 'codebay'): Promise<{ exitCode: number; output: string }> {
  const container = await docker.createContainer({
    Image: tag,
    Cmd: command,
    User: user,
    Labels: { 'dev.codebay.app': 'codebay-test' },
    HostConfig: { AutoRemove: false, NetworkMode: 'none' },
  });
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const logs = await container.logs({ stdout: true, stderr: true, follow: false });
    return { exitCode: StatusCode, output: demuxed(logs) };
  } finally {
    await container.remove({ force: true });
  }
}

/** Strips Docker's 8-byte stream headers from a non-TTY log buffer. */
function demuxed(buffer: Buffer): string {
  let text = '';
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    text += buffer.subarray(offset + 8, offset + 8 + size).toString('utf8');
    offset += 8 + size;
  }
  return text;
}
