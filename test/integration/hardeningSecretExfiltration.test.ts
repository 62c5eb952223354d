import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../electron/store/types.js';
import { makeCalcRepo } from '../support/calcRepo.js';
import { useEngine } from '../support/engineFixture.js';
import { sh } from '../support/gitFixture.js';
import { answer, byPrompt, shell } from '../support/scripts.js';
import { waitForTask } from '../support/taskWait.js';

const TOKEN = 'tok/Exfil+Value=42xyz';
const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END PRIVATE KEY-----';

/** The setup script leaves both secrets where the agent can read them, as a careless one would. */
const SETUP = 'printf %s "$DEPLOY_TOKEN" > /home/codebay/token && printf %s "$SIGNING_KEY" > /home/codebay/key.pem && chmod 644 /home/codebay/token /home/codebay/key.pem';

/** Each way a hostile agent could carry a secret out in its result, past a plain search of the final files. */
const ATTEMPTS: Record<string, { script: string; secret: 'DEPLOY_TOKEN' | 'SIGNING_KEY' }> = {
  'in a file name': { script: 't=$(cat ~/token) && mkdir -p "notes/$t" && touch "notes/$t/x"', secret: 'DEPLOY_TOKEN' },
  base64: { script: '(printf "id="; cat ~/token) | base64 -w0 > leak.txt', secret: 'DEPLOY_TOKEN' },
  hex: { script: 'od -An -tx1 ~/token | tr -d " \\n" > leak.txt', secret: 'DEPLOY_TOKEN' },
  'URL-encoded': { script: 'python3 -c "import urllib.parse,sys; print(urllib.parse.quote(open(sys.argv[1]).read(), safe=\'\'))" ~/token > leak.txt', secret: 'DEPLOY_TOKEN' },
  reversed: { script: 'rev ~/token > leak.txt', secret: 'DEPLOY_TOKEN' },
  'split over lines': { script: 'fold -w3 ~/token > leak.txt', secret: 'DEPLOY_TOKEN' },
  gzip: { script: 'gzip -c ~/token > leak.gz', secret: 'DEPLOY_TOKEN' },
  'a multi-line key as is': { script: 'cp ~/key.pem deploy.pem', secret: 'SIGNING_KEY' },
};

const COMMIT_THEN_DELETE = 'cat ~/token > leak.txt && git add leak.txt && git commit -qm "add leak" && git rm -q leak.txt && git commit -qm "remove leak" && echo fine > fine.txt';

describe('a hostile agent that tries to carry a secret out in its result (hostile scripted model, real Docker)', () => {
  const engine = useEngine(
    byPrompt((prompt) => {
      const attempt = ATTEMPTS[prompt];
      if (attempt) return [shell(['bash', '-c', attempt.script]), answer('done')];
      if (prompt === 'commit then delete') return [shell(['bash', '-c', COMMIT_THEN_DELETE]), answer('done')];
      return undefined;
    }),
    { concurrency: 3 },
  );
  const tasks = new Map<string, Task>();

  beforeAll(async () => {
    const repo = makeCalcRepo(engine.dirs.make());
    const environment = await engine.app.environments.create({ name: 'careless-setup', repoPath: repo, setupScript: SETUP, secrets: { DEPLOY_TOKEN: TOKEN, SIGNING_KEY: PEM } });
    const prompts = [...Object.keys(ATTEMPTS), 'commit then delete'];
    const created = await Promise.all(prompts.map(async (prompt) => ((await engine.app.tasks.create({ prompt, mode: 'code', environment })) as [Task])[0]));
    for (const [i, task] of created.entries()) tasks.set(prompts[i] ?? '', await waitForTask(engine.app, task.id, 240_000));
  });

  it.each(Object.entries(ATTEMPTS))('refuses a result that writes the secret %s, naming the secret and never its value', (name, { secret }) => {
    const task = tasks.get(name);
    expect(task?.status, task?.error ?? '').toBe('failed');
    expect(task?.error).toContain(`write the value of ${secret}`);
    expect(task?.error).not.toContain(TOKEN);
    expect(task?.error).not.toContain('MIIEvQ');
    expect(task).toMatchObject({ linesAdded: 0, filesChanged: 0 });
  });

  it('keeps one commit of Codebay\'s per turn, so a secret committed and then deleted never leaves the sandbox', async () => {
    const task = tasks.get('commit then delete');
    expect(task?.status, task?.error ?? '').toBe('succeeded');
    const mirrors = path.join(engine.app.home, 'mirrors');
    const [mirror = ''] = readdirSync(mirrors).map((name) => path.join(mirrors, name));
    const ref = `refs/codebay/${task?.id}/1`;
    expect(sh(mirror, ['log', '--format=%cn <%ce>|%s', `${task?.baseCommit}..${ref}`])).toBe('Codebay <codebay@localhost>|done');
    expect(sh(mirror, ['log', '-p', '--all', '--format=%B'])).not.toContain(TOKEN);
    expect((await engine.app.results.exportPatch(task?.id ?? '', 'mbox')).toString()).not.toContain(TOKEN);
  });
});
