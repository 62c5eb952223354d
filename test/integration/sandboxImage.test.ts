import type Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireSandboxImage, runInImage } from '../support/docker.js';

describe('sandbox image', () => {
  let docker: Docker;
  let tag: string;
  beforeAll(async () => {
    ({ docker, tag } = await requireSandboxImage());
  });

  it('runs the agent as the non-root user codebay, owning /workspace', async () => {
    const { exitCode, output } = await runInImage(docker, tag, ['bash', '-c', 'id -un; id -u; stat -c %U /workspace; pwd']);
    expect(exitCode).toBe(0);
    expect(output.trim().split('\n')).toEqual(['codebay', '1000', 'codebay', '/workspace']);
  });

  it('carries the promised toolchain for that user', async () => {
    const script = [
      'git --version',
      'python3 --version',
      'python3 -m venv /tmp/v && /tmp/v/bin/pip --version',
      'node --version',
      'npm --version',
      'rg --version | head -1',
      'jq --version',
      'patch --version | head -1',
      'gcc --version | head -1',
      'make --version | head -1',
      'curl --version | head -1',
      'ps --version',
    ].join(' && ');
    const { exitCode, output } = await runInImage(docker, tag, ['bash', '-c', script]);
    expect(exitCode, output).toBe(0);
    expect(output).toMatch(/^git version 2\./m);
    expect(output).toMatch(/^Python 3\.\d+/m);
    expect(output).toMatch(/^pip \d+/m);
    expect(output).toMatch(/^v\d+\.\d+\.\d+/m);
    expect(output).toMatch(/^ripgrep \d+/m);
    expect(output).toMatch(/^jq-1\./m);
    expect(output).toMatch(/^GNU patch/m);
    expect(output).toMatch(/^gcc /m);
    expect(output).toMatch(/^GNU Make/m);
    expect(output).toMatch(/^curl \d/m);
    expect(output).toMatch(/procps-ng/);
  });

  it('lets the agent user commit in the workspace but not write system paths', async () => {
    const { exitCode, output } = await runInImage(docker, tag, [
      'bash',
      '-c',
      'cd /workspace && git init -q && git -c user.name=a -c user.email=a@b commit -q --allow-empty -m x && git log --oneline | wc -l; touch /etc/x 2>&1 || echo denied',
    ]);
    expect(exitCode).toBe(0);
    expect(output).toMatch(/^1$/m);
    expect(output).toContain('denied');
  });
});
