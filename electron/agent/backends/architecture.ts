import type Docker from 'dockerode';
import { ActionableError, errorText } from '../../errors.js';
import { dockerInfo } from '../../sandbox/docker.js';

/** The CPUs agent CLIs are installed for, named as npm's `--cpu` names them. */
export type NpmCpu = 'x64' | 'arm64';
export const NPM_CPUS: readonly NpmCpu[] = ['x64', 'arm64'];

// Docker reports the kernel's machine name (uname -m); some engines use Go's names.
const NPM_CPU_OF_MACHINE: Record<string, NpmCpu> = { x86_64: 'x64', amd64: 'x64', aarch64: 'arm64', arm64: 'arm64' };

export function npmCpuOfMachine(machine: string): NpmCpu | undefined {
  return NPM_CPU_OF_MACHINE[machine.toLowerCase()];
}

export function isNpmCpu(value: string): value is NpmCpu {
  return (NPM_CPUS as readonly string[]).includes(value);
}

/** The CPU the sandboxes run on: the Docker engine's, which may differ from the host's (an emulating VM). */
export async function sandboxArchitecture(docker: Docker): Promise<NpmCpu> {
  // dockerInfo fails with what to do when the engine does not answer, so the second call can rely on it.
  await dockerInfo(docker);
  let machine: string;
  try {
    const info = (await docker.info()) as { Architecture?: unknown };
    machine = typeof info.Architecture === 'string' ? info.Architecture : '';
  } catch (error) {
    throw new ActionableError(`The Docker engine did not say which CPU it runs on: ${errorText(error)}`, 'Check that Docker is running, or pass --cpu x64|arm64');
  }
  const cpu = npmCpuOfMachine(machine);
  if (!cpu) {
    throw new ActionableError(
      `The Docker engine runs on "${machine || 'an unreported CPU'}", and agent CLIs are published for x86_64 and aarch64 only`,
      'Use the built-in agent on this engine, or point DOCKER_HOST at an x86_64 or aarch64 engine',
    );
  }
  return cpu;
}
