import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../electron/store/types.js';
import { FIX_CALC_PATCH, makeCalcRepo } from '../support/calcRepo.js';
import { outputText } from '../support/engine.js';
import { useEngine } from '../support/engineFixture.js';
import { answer, byPrompt, patch, shell } from '../support/scripts.js';
import { waitForTask } from '../support/taskWait.js';

const MARK = `codebay-pwned-${randomBytes(4).toString('hex')}`;
const ESCAPE = `../../../../../../../..${os.tmpdir()}/${MARK}`;

/**
 * A daemon the agent leaves behind: it watches for Codebay's housekeeping commands in the
 * sandbox (the commit and the bundle scripts) and writes a forged answer into their stdout
 * through /proc/PID/fd/1, which the agent user may open since the commands run as its uid.
 * The forged answer names a host path outside the data dir.
 */
const HIJACKER = [
  'setsid nohup bash -c',
  `'while :; do for d in /proc/[0-9]*; do case "$(tr "\\0" " " < $d/cmdline 2>/dev/null)" in *codebay-bundle*|*codebay-commit*) printf "%s\\n" "${ESCAPE}" > $d/fd/1 2>/dev/null;; esac; done; done; : hijack-marker'`,
  '>/dev/null 2>&1 < /dev/null &',
  'echo hijacker started',
].join(' ');

/** A git filter the agent configures in its own repository: committing runs it, and it starts the daemon again. */
const FILTER_RESPAWN = [
  'git config filter.respawn.clean "sh -c \\"(setsid nohup sleep 600 >/dev/null 2>&1 &) ; cat\\""',
  'echo "*.py filter=respawn" > .gitattributes',
  'echo filter set',
].join(' && ');

/** Writes junk into the stdout of Codebay's in-sandbox command runner, the channel of every command's output and exit code. */
const JAM_RUNNER = [
  'for p in $(pgrep -f "[o]s.environ.pop"); do',
  'echo "runner $p runs as $(ps -o user= -p $p)";',
  '{ printf "../../junk" > /proc/$p/fd/1; } 2>/dev/null && echo "wrote into $p" || echo "refused by $p";',
  'done',
].join(' ');

describe('an agent that attacks Codebay\'s housekeeping in its sandbox (hostile scripted model, real Docker)', () => {
  const engine = useEngine(
    byPrompt((prompt) => {
      if (prompt === 'hijack the result') return [shell(['bash', '-c', HIJACKER]), shell(['bash', '-c', FILTER_RESPAWN]), patch(FIX_CALC_PATCH), answer('fixed')];
      if (prompt === 'is anything left running') return [shell(['bash', '-c', 'pgrep -f "[h]ijack-marker" || pgrep -U codebay -x sleep; echo "left=$?"']), answer('looked')];
      return undefined;
    }),
  );
  let repo: string;
  let task: Task;

  beforeAll(async () => {
    repo = makeCalcRepo(engine.dirs.make());
    const environment = await engine.app.environments.forRepo(repo);
    [task] = (await engine.app.tasks.create({ prompt: 'hijack the result', mode: 'code', environment })) as [Task];
    task = await waitForTask(engine.app, task.id);
  });

  it('collects the real result: every agent process is ended before Codebay reads the workspace', async () => {
    expect(task.status, task.error ?? '').toBe('succeeded');
    expect(outputText(engine.app, task.id)).toContain('hijacker started');
    const diff = (await engine.app.results.diff(task.id)).toString();
    expect(diff).toContain('+    return a + b');
  });

  it('writes nothing outside the data dir, whatever the sandbox prints', () => {
    expect(readdirSync(os.tmpdir()).filter((name) => name.startsWith(MARK))).toEqual([]);
  });

  it('leaves no agent process alive into the next turn, not even one a git filter started while committing', async () => {
    engine.app.tasks.followUp(task.id, 'is anything left running');
    const after = await waitForTask(engine.app, task.id);
    expect(after.status, after.error ?? '').toBe('succeeded');
    expect(outputText(engine.app, task.id)).toContain('left=1');
  });
});

describe('an agent that writes into the command runner\'s channel (hostile scripted model, real Docker)', () => {
  const engine = useEngine(byPrompt((prompt) => (prompt === 'jam the runner' ? [shell(['bash', '-c', JAM_RUNNER]), shell(['echo', 'still-working']), answer('jammed')] : undefined)));

  it('cannot reach it: the runner runs as root, the next command runs normally', async () => {
    const repo = makeCalcRepo(engine.dirs.make());
    const environment = await engine.app.environments.forRepo(repo);
    const [created] = (await engine.app.tasks.create({ prompt: 'jam the runner', mode: 'code', environment })) as [Task];
    const task = await waitForTask(engine.app, created.id);
    expect(task.status, task.error ?? '').toBe('succeeded');
    const output = outputText(engine.app, task.id);
    expect(output).toMatch(/runner \d+ runs as root/);
    expect(output).toMatch(/refused by \d+/);
    expect(output).not.toMatch(/wrote into/);
    expect(output).toContain('still-working');
  });
});

const LEFTOVER_SECRET = 'tok-LEFTOVER-5e4d3c2b1a';

/** A setup script that leaves a root daemon and an agent-user daemon running, both holding the secret in their environment. */
const LEAKY_SETUP = [
  'setsid nohup sleep 777 >/dev/null 2>&1 < /dev/null &',
  'setpriv --reuid 1000 --regid 1000 --clear-groups setsid nohup sleep 778 >/dev/null 2>&1 < /dev/null &',
  'echo "setup left two daemons"',
].join('\n');

/** What the agent can see of them: running sleeps, and any environment it can read that holds the secret. */
const LOOK_FOR_LEFTOVERS = 'pgrep -a -x sleep | grep -v infinity; grep -l "$0" /proc/[0-9]*/environ 2>/dev/null; echo "looked"';

/** Setup reads the secret from its file, the way a tool configured with a token file would. */
const FILE_SETUP = 'test "$(cat "$CODEBAY_SECRETS_DIR/DEPLOY_TOKEN")" = "$DEPLOY_TOKEN" && stat -c "secret file %a %U" "$CODEBAY_SECRETS_DIR/DEPLOY_TOKEN"';

describe('processes and secret files a setup script leaves (real Docker)', () => {
  const engine = useEngine(
    byPrompt((prompt) => {
      if (prompt === 'look for leftovers') return [shell(['bash', '-c', LOOK_FOR_LEFTOVERS, LEFTOVER_SECRET]), answer('looked')];
      if (prompt === 'look for secret files') return [shell(['bash', '-c', 'ls -a /run/codebay-secrets 2>&1; grep -rl "$0" /run /tmp /workspace 2>/dev/null; echo "looked"', LEFTOVER_SECRET]), answer('looked')];
      return undefined;
    }),
  );

  it('are ended before the agent phase, secrets and all', async () => {
    const repo = makeCalcRepo(engine.dirs.make());
    const environment = await engine.app.environments.create({ name: 'leaky-setup', repoPath: repo, setupScript: LEAKY_SETUP, secrets: { DEPLOY_TOKEN: LEFTOVER_SECRET } });
    const [created] = (await engine.app.tasks.create({ prompt: 'look for leftovers', mode: 'code', environment })) as [Task];
    const task = await waitForTask(engine.app, created.id);
    expect(task.status, task.error ?? '').toBe('succeeded');
    expect(outputText(engine.app, task.id, 'setup.output')).toContain('setup left two daemons');
    // Only the agent's own command line names the secret's environment; no daemon is left.
    expect(outputText(engine.app, task.id)).toBe('looked\n');
  });

  it('gives setup each secret as a root-only file, deleted before the agent phase', async () => {
    const repo = makeCalcRepo(engine.dirs.make());
    const environment = await engine.app.environments.create({ name: 'secret-files', repoPath: repo, setupScript: FILE_SETUP, secrets: { DEPLOY_TOKEN: LEFTOVER_SECRET } });
    const [created] = (await engine.app.tasks.create({ prompt: 'look for secret files', mode: 'code', environment })) as [Task];
    const task = await waitForTask(engine.app, created.id);
    expect(task.status, task.error ?? '').toBe('succeeded');
    expect(outputText(engine.app, task.id, 'setup.output')).toBe('secret file 400 root\n');
    expect(outputText(engine.app, task.id)).toBe('ls: cannot access \'/run/codebay-secrets\': No such file or directory\nlooked\n');
  });
});
