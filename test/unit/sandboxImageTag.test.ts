import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { offlineBaseTag, sandboxImageTag } from '../../electron/sandbox/image.js';
import { sandboxBuildDir } from '../../electron/paths.js';

function copyOfBuildDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sandbox-inputs-'));
  cpSync(sandboxBuildDir(), dir, { recursive: true });
  return dir;
}

describe('sandbox image tag', () => {
  it('is a stable hash of the build inputs', () => {
    const tag = sandboxImageTag();
    expect(tag).toMatch(/^codebay-sandbox:[0-9a-f]{12}$/);
    expect(sandboxImageTag(copyOfBuildDir())).toBe(tag);
  });

  it('changes when the package list, the Dockerfile or the offline base script changes', () => {
    const tag = sandboxImageTag();
    for (const file of ['packages.txt', 'Dockerfile', 'base.sh']) {
      const dir = copyOfBuildDir();
      writeFileSync(path.join(dir, file), `${readFileSync(path.join(dir, file), 'utf8')}\n# changed\n`);
      expect(sandboxImageTag(dir), file).not.toBe(tag);
    }
  });

  it('gives the offline base its own tag that only base.sh changes', () => {
    const dir = copyOfBuildDir();
    const base = offlineBaseTag(dir);
    writeFileSync(path.join(dir, 'packages.txt'), 'jq\n');
    expect(offlineBaseTag(dir)).toBe(base);
    writeFileSync(path.join(dir, 'base.sh'), '#!/bin/sh\n');
    expect(offlineBaseTag(dir)).not.toBe(base);
  });

  it('lists the packages the sandbox promises', () => {
    const packages = readFileSync(path.join(sandboxBuildDir(), 'packages.txt'), 'utf8').split('\n');
    for (const name of ['git', 'bash', 'ca-certificates', 'curl', 'ripgrep', 'python3', 'python3-venv', 'python3-pip', 'nodejs', 'npm', 'build-essential', 'patch', 'jq', 'procps']) {
      expect(packages).toContain(name);
    }
  });
});
