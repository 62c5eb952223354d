import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import type Docker from 'dockerode';
import type { DoctorCheck, DoctorReport } from '../shared/types.js';
import { checkAgents } from './agent/backends/doctorCheck.js';
import type { ProviderResolution } from './config/provider.js';
import { checkElectron } from './electronSupport.js';
import { ActionableError, errorText } from './errors.js';
import { dockerEndpoint, dockerInfo } from './sandbox/docker.js';
import { imageExists } from './sandbox/image.js';

export interface DoctorDeps {
  docker: Docker;
  imageTag: string;
  dataDir: string;
  provider: ProviderResolution;
}

async function checkDocker(docker: Docker): Promise<DoctorCheck> {
  try {
    const info = await dockerInfo(docker);
    return { name: 'docker', label: 'Docker', ok: true, detail: `engine ${info.version} (API ${info.apiVersion}, ${info.os}) at ${dockerEndpoint()}` };
  } catch (error) {
    if (error instanceof ActionableError) return { name: 'docker', label: 'Docker', ok: false, detail: error.what, fix: error.fix };
    return { name: 'docker', label: 'Docker', ok: false, detail: errorText(error), fix: 'check that Docker is installed and running' };
  }
}

async function checkImage(docker: Docker, tag: string, dockerOk: boolean): Promise<DoctorCheck> {
  const fix = 'build it with `npm run sandbox:image` (or `npx codebay image build`)';
  if (!dockerOk) return { name: 'image', label: 'Sandbox image', ok: false, detail: `${tag}: not checked, Docker is not reachable`, fix: 'start Docker first, then ' + fix };
  try {
    return (await imageExists(docker, tag))
      ? { name: 'image', label: 'Sandbox image', ok: true, detail: `${tag} present` }
      : { name: 'image', label: 'Sandbox image', ok: false, detail: `${tag} missing`, fix };
  } catch (error) {
    return { name: 'image', label: 'Sandbox image', ok: false, detail: `${tag}: ${errorText(error)}`, fix };
  }
}

async function checkDataDir(dir: string): Promise<DoctorCheck> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
    return { name: 'dataDir', label: 'Data dir', ok: true, detail: `${dir} (writable)` };
  } catch (error) {
    return { name: 'dataDir', label: 'Data dir', ok: false, detail: `${dir}: ${errorText(error)}`, fix: 'set CODEBAY_HOME to a folder you can write to' };
  }
}

export async function checkProvider(resolution: ProviderResolution): Promise<DoctorCheck> {
  if (!resolution.ok) return { name: 'provider', label: 'Model', ok: false, detail: resolution.problem, fix: resolution.fix };
  const { baseUrl, model, wire, apiKey } = resolution.provider;
  const where = `${model} at ${baseUrl} (${wire} API, ${apiKey ? 'API key set' : 'no API key'})`;
  try {
    const response = await fetch(`${baseUrl}/models`, {
      headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
      signal: AbortSignal.timeout(5_000),
    });
    if (response.status === 401 || response.status === 403) {
      return { name: 'provider', label: 'Model', ok: false, detail: `${where}: the server refused the API key (HTTP ${response.status})`, fix: 'set OPENAI_API_KEY to a valid key for this server' };
    }
    if (!response.ok) {
      return { name: 'provider', label: 'Model', ok: false, detail: `${where}: GET /models answered HTTP ${response.status}`, fix: 'check OPENAI_BASE_URL: it should end in the server\'s /v1 path' };
    }
    return { name: 'provider', label: 'Model', ok: true, detail: `${where}, server answering` };
  } catch (error) {
    return { name: 'provider', label: 'Model', ok: false, detail: `${where}: ${errorText(error)}`, fix: 'start the model server or correct OPENAI_BASE_URL' };
  }
}

export async function runDoctor(deps: DoctorDeps): Promise<DoctorReport> {
  const [docker, dataDir, provider, electron, agents] = await Promise.all([
    checkDocker(deps.docker),
    checkDataDir(deps.dataDir),
    checkProvider(deps.provider),
    checkElectron(),
    checkAgents(deps.dataDir),
  ]);
  const image = await checkImage(deps.docker, deps.imageTag, docker.ok);
  const checks = [docker, image, dataDir, provider, electron, agents];
  return { ok: checks.every((c) => c.ok), checks };
}
