import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { sandboxBuildDir } from '../paths.js';
import { machineAptMirror } from './aptMirror.js';
import { errorText } from '../errors.js';

/** Every file whose content shapes the image; the tag is a hash of them. */
const IMAGE_INPUTS = ['Dockerfile', 'packages.txt', 'base.sh'] as const;
const DOCKERFILE_CONTEXT = ['Dockerfile', 'packages.txt'];
export const SANDBOX_REPOSITORY = 'codebay-sandbox';
export const UPSTREAM_BASE = 'debian:bookworm-slim';

export type BuildMethod = 'auto' | 'dockerfile' | 'offline';

function hashFiles(dir: string, names: readonly string[]): string {
  const hash = createHash('sha256');
  for (const name of names) {
    hash.update(`${name}\0`);
    hash.update(readFileSync(path.join(dir, name)));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

/** The image tag the engine runs and doctor checks, e.g. codebay-sandbox:3f2a9c1b0d4e. */
export function sandboxImageTag(dir: string = sandboxBuildDir()): string {
  return `${SANDBOX_REPOSITORY}:${hashFiles(dir, IMAGE_INPUTS)}`;
}

export function offlineBaseTag(dir: string = sandboxBuildDir()): string {
  return `codebay-base:bookworm-${hashFiles(dir, ['base.sh'])}`;
}

export async function imageExists(docker: Docker, tag: string): Promise<boolean> {
  try {
    await docker.getImage(tag).inspect();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

export interface BuildOptions {
  method?: BuildMethod;
  force?: boolean;
  onLine?: (line: string) => void;
  dir?: string;
}

export interface BuildResult {
  tag: string;
  method: 'dockerfile' | 'offline' | 'present';
  seconds: number;
}

function hasDebootstrap(): boolean {
  return ['/usr/sbin/debootstrap', '/sbin/debootstrap', '/usr/bin/debootstrap'].some((p) => existsSync(p));
}

/**
 * Picks the path without contacting any registry: the Dockerfile when its base
 * is already local or debootstrap is unavailable, else the offline builder.
 */
async function chooseMethod(docker: Docker, method: BuildMethod): Promise<'dockerfile' | 'offline'> {
  if (method !== 'auto') return method;
  if (await imageExists(docker, UPSTREAM_BASE)) return 'dockerfile';
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return hasDebootstrap() && isRoot ? 'offline' : 'dockerfile';
}

export async function buildSandboxImage(docker: Docker, options: BuildOptions = {}): Promise<BuildResult> {
  const dir = options.dir ?? sandboxBuildDir();
  const onLine = options.onLine ?? (() => undefined);
  const tag = sandboxImageTag(dir);
  const started = Date.now();
  if (!options.force && (await imageExists(docker, tag))) {
    return { tag, method: 'present', seconds: 0 };
  }
  const method = await chooseMethod(docker, options.method ?? 'auto');
  let base = UPSTREAM_BASE;
  if (method === 'offline') {
    base = offlineBaseTag(dir);
    if (!(await imageExists(docker, base))) {
      const mirror = process.env.CODEBAY_APT_MIRROR?.trim() || machineAptMirror();
      onLine(`offline base ${base} from ${mirror}`);
      await runScript(path.join(dir, 'base.sh'), [mirror, base], onLine);
    }
  }
  onLine(`building ${tag} from ${base}`);
  await dockerBuild(docker, dir, tag, base, onLine);
  return { tag, method, seconds: Math.round((Date.now() - started) / 1000) };
}

function runScript(script: string, args: string[], onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const forward = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        onLine(line);
        tail.push(line);
        if (tail.length > 20) tail.shift();
      }
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.on('error', (error) => reject(new Error(`could not run ${script}: ${error.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(script)} exited with ${code}; last lines:\n${tail.join('\n')}`));
    });
  });
}

interface BuildEvent {
  stream?: string;
  status?: string;
  error?: string;
}

async function dockerBuild(docker: Docker, dir: string, tag: string, base: string, onLine: (line: string) => void): Promise<void> {
  const stream = await docker.buildImage(
    { context: dir, src: DOCKERFILE_CONTEXT },
    { t: tag, buildargs: { BASE: base }, rm: true, forcerm: true, labels: { 'dev.codebay.image': 'sandbox' } },
  );
  let failure: string | undefined;
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null) => (error ? reject(error) : resolve()),
      (event: BuildEvent) => {
        if (event.error) failure = event.error;
        const text = event.stream ?? event.status;
        for (const line of (text ?? '').split('\n')) if (line.trim()) onLine(line);
      },
    );
  }).catch((error: unknown) => {
    failure ??= errorText(error);
  });
  if (failure) throw new Error(`building ${tag} failed: ${failure.trim()}`);
}
