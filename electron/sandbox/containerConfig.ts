import type Docker from 'dockerode';
import { SANDBOX_AGENTS_DIR } from '../agent/backends/catalog.js';
import { APP_LABEL_VALUE, LABEL, sandboxLabels } from './labels.js';
import type { SandboxLabelInput } from './labels.js';
import { limitsHostConfig } from './limits.js';
import type { SandboxLimits } from './limits.js';

/**
 * Capabilities left to root inside a sandbox, for setup scripts (apt-get, npm, pip):
 * CHOWN, DAC_OVERRIDE, FOWNER, FSETID: dpkg and installers write files owned by, and with
 *   modes of, other users (including setuid bits they must keep);
 * SETUID, SETGID: apt drops to its _apt user, and docker exec switches to the agent user;
 * KILL: root's timeout handling may have to kill processes a setup script started as
 *   another user.
 * Everything else Docker grants by default is dropped: NET_RAW (raw packets, spoofing),
 * MKNOD, SYS_CHROOT, SETPCAP, SETFCAP, AUDIT_WRITE and NET_BIND_SERVICE (no setup step
 * needs a port below 1024). The agent itself runs as uid 1000 with no-new-privileges,
 * so it holds no capabilities at all.
 */
export const SANDBOX_CAPABILITIES = ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'SETUID', 'SETGID', 'KILL'] as const;

export const WORKSPACE_DIR = '/workspace';

export interface SandboxContainerInput extends SandboxLabelInput {
  image: string;
  name: string;
  network: string;
  limits: SandboxLimits;
  /** Host folder of installed agent CLIs (see agent/backends/install.ts). */
  agentsDir?: string;
}

export function sandboxCreateOptions(input: SandboxContainerInput): Docker.ContainerCreateOptions {
  return {
    name: input.name,
    Image: input.image,
    Hostname: 'sandbox',
    WorkingDir: WORKSPACE_DIR,
    Labels: sandboxLabels(input),
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    Tty: false,
    HostConfig: {
      Privileged: false,
      CapDrop: ['ALL'],
      CapAdd: [...SANDBOX_CAPABILITIES],
      SecurityOpt: ['no-new-privileges'],
      // Own PID, IPC and UTS namespaces; no host network; no binds but the agent CLIs' read-only folder, so no docker socket.
      PidMode: '',
      IpcMode: 'private',
      UTSMode: '',
      NetworkMode: input.network,
      Binds: [],
      // The workspace is an anonymous volume, removed with the container (remove with v):
      // on the overlay filesystem checking out a repository of 2,000 files took 3-15 times
      // longer. Labelled so the reaper can prune the ones of containers removed without v.
      Mounts: [
        {
          Type: 'volume',
          Source: '',
          Target: WORKSPACE_DIR,
          // NoCopy false: the volume starts as the image's /workspace, owned by the agent.
          VolumeOptions: { NoCopy: false, Labels: { [LABEL.app]: APP_LABEL_VALUE }, DriverConfig: { Name: 'local', Options: {} } },
        },
        // Agent CLIs are installed on the host, so the agent phase needs no network to run one.
        ...(input.agentsDir ? [{ Type: 'bind' as const, Source: input.agentsDir, Target: SANDBOX_AGENTS_DIR, ReadOnly: true }] : []),
      ],
      PublishAllPorts: false,
      // docker-init as PID 1 reaps the zombies agent commands leave behind.
      Init: true,
      RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
      AutoRemove: false,
      ...limitsHostConfig(input.limits),
    },
  };
}
