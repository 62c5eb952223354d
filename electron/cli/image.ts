import { createDocker, dockerInfo } from '../sandbox/docker.js';
import { type BuildMethod, buildSandboxImage } from '../sandbox/image.js';
import { parseCommandArgs, UsageError } from './usage.js';

// Without --verbose only the build's milestones are shown, not every package line.
const MILESTONE = /^(offline base|building|debootstrap:|docker import|Step \d+\/\d+|I: (Retrieving Release|Resolving dependencies of base|Installing core|Base system)|Setting up (git|python3|nodejs|build-essential|ripgrep) |Successfully)/;

const METHODS: readonly BuildMethod[] = ['auto', 'dockerfile', 'offline'];

export async function imageCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { method: { type: 'string', default: 'auto' }, force: { type: 'boolean' }, verbose: { type: 'boolean' } },
    true,
  );
  if (positionals[0] !== 'build' || positionals.length > 1) throw new UsageError('usage: codebay image build [--method auto|dockerfile|offline] [--force] [--verbose]');
  const method = values.method as BuildMethod;
  if (!METHODS.includes(method)) throw new UsageError(`--method must be one of ${METHODS.join(', ')}, not "${values.method}"`);
  const docker = createDocker();
  await dockerInfo(docker);
  const result = await buildSandboxImage(docker, {
    method,
    force: values.force ?? false,
    onLine: (line) => {
      if (values.verbose || MILESTONE.test(line)) process.stdout.write(`  ${line}\n`);
    },
  });
  process.stdout.write(
    result.method === 'present'
      ? `Sandbox image ${result.tag} is already built.\n`
      : `Built sandbox image ${result.tag} (${result.method}) in ${result.seconds} s.\n`,
  );
  return 0;
}
