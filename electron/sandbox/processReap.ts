import { runChecked } from './runChecked.js';
import type { Sandbox } from './sandbox.js';
import { ACCOUNTS } from './users.js';

/**
 * Kills processes in a sandbox, in rounds, since one may fork while the others die: every
 * process of the agent user ("agent"), or every process but the container's init and its
 * command ("all"). Runs as root (which holds CAP_KILL there). A process's users are read
 * from /proc/PID/status, which a process cannot hide by making itself non-dumpable.
 */
const REAP_SCRIPT = String.raw`
import os, signal, sys, time

mode, agent_uid = sys.argv[1], sys.argv[2]
me = os.getpid()


def started(pid):
    try:
        with open('/proc/%d/stat' % pid) as handle:
            return int(handle.read().rsplit(')', 1)[1].split()[19])
    except (OSError, ValueError, IndexError):
        return float('inf')


def users(pid):
    with open('/proc/%d/status' % pid) as handle:
        for line in handle:
            if line.startswith('Uid:'):
                return line.split()[1:]
    return []


def pids():
    return [int(name) for name in os.listdir('/proc') if name.isdigit()]


# The container's command (sleep infinity) started right after its init, before anything else.
others = [pid for pid in pids() if pid not in (1, me)]
command = min(others, key=started) if others else None


def victims():
    found = []
    for pid in pids():
        if pid in (1, me, command):
            continue
        try:
            if mode == 'all' or agent_uid in users(pid):
                found.append(pid)
        except (OSError, ValueError, IndexError):
            continue
    return found


for _ in range(40):
    left = victims()
    if not left:
        sys.exit(0)
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    time.sleep(0.05)
sys.stderr.write('still running after 40 rounds: %s\n' % ' '.join(map(str, victims())))
sys.exit(1)
`;

interface ReapOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

async function reap(sandbox: Sandbox, mode: 'agent' | 'all', what: string, fix: string, options: ReapOptions): Promise<void> {
  await runChecked(sandbox, ['python3', '-c', REAP_SCRIPT, mode, String(ACCOUNTS.agent.uid)], {
    timeoutMs: options.timeoutMs ?? 30_000,
    signal: options.signal,
    user: 'root',
    cwd: '/',
    what,
    fix,
  });
}

/**
 * Ends every process the agent started, daemons and forks included, before Codebay's own
 * commands read the workspace: none may be left to write into their output. The command
 * runner is root's and stays.
 */
export function reapAgentProcesses(sandbox: Sandbox, options: ReapOptions = {}): Promise<void> {
  return reap(
    sandbox,
    'agent',
    'Ending the agent\'s processes before collecting the result',
    'A process of the agent kept forking faster than it could be killed; retry the task, and look at what its commands start',
    options,
  );
}

/**
 * Ends everything the setup script left running (as root or as the agent), which would
 * otherwise live on into the agent phase with the secrets in its environment. The command
 * runner ends too; the agent's first command starts another.
 */
export function reapSetupProcesses(sandbox: Sandbox, options: ReapOptions = {}): Promise<void> {
  sandbox.dropCommandRunner();
  return reap(
    sandbox,
    'all',
    'Ending what the setup script left running before the agent starts',
    'The setup script leaves a process that keeps forking; have it stop what it starts (or run services in the foreground only while it needs them)',
    options,
  );
}
