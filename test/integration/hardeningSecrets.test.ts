import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from '../../electron/api.js';
import { createApp } from '../../electron/app.js';
import { makeCalcRepo } from '../support/calcRepo.js';
import { type CliResult, runCli } from '../support/cli.js';
import { requireSandboxImage } from '../support/docker.js';
import { commitAll, TempDirs, write } from '../support/gitFixture.js';
import { startModelServer, type ModelServer } from '../support/modelServer/index.js';
import { answer, byPrompt, patch, shell, userTexts } from '../support/scripts.js';

const ENV_API_KEY = `sk-envkey-${randomBytes(12).toString('hex')}`;
const STORED_API_KEY = `sk-stored-${randomBytes(12).toString('hex')}`;
const ENV_SECRET = `deploy-${randomBytes(12).toString('hex')}`;
const SECRETS = { ENV_API_KEY, STORED_API_KEY, ENV_SECRET };

const SETUP = ['set -e', 'echo "setup sees $DEPLOY_TOKEN"', 'printf "%s\\n" "$DEPLOY_TOKEN" > .env', ''].join('\n');
// The value printed in two pieces half a second apart, so it reaches the engine in two chunks.
const SPLIT_ECHO = 'v=$(cat .env); printf "%s" "${v:0:9}"; sleep 0.5; printf "%s\\n" "${v:9}"';

/** Every file under a folder, with its path relative to it. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => statSync(path.join(root, file)).isFile());
}

function leaksIn(text: Buffer | string): string[] {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  return Object.entries(SECRETS)
    .filter(([, value]) => bytes.includes(Buffer.from(value)))
    .map(([name]) => name);
}

describe('secrets stay out of the database, events, logs, exports and error output (real Docker, CLI)', () => {
  const dirs = new TempDirs();
  const home = mkdtempSync(path.join(os.tmpdir(), 'codebay-secrets-'));
  const outputs: Array<{ what: string; result: CliResult }> = [];
  let model: ModelServer;
  let careless: ModelServer;
  let repo: string;
  let env: NodeJS.ProcessEnv;
  let exportDir: string;

  const cli = async (what: string, args: string[]): Promise<CliResult> => {
    const result = await runCli(args, env, 180_000);
    outputs.push({ what, result });
    return result;
  };
  const summaryOf = (result: CliResult): { id: string; status: string } => JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as { id: string; status: string };

  beforeAll(async () => {
    await requireSandboxImage();
    model = await startModelServer(
      byPrompt((prompt) => {
        if (prompt === 'use the secret') {
          return [
            shell(['bash', '-c', `cat .env; ${SPLIT_ECHO}`]),
            patch(['*** Begin Patch', '*** Add File: notes.txt', '+a note without secrets', '*** End Patch'].join('\n')),
            answer('Used the token.'),
          ];
        }
        if (prompt === 'commit the secret') return [shell(['bash', '-c', 'cp .env config.txt && echo copied']), answer('Saved the config.')];
        return undefined;
      }),
    );
    // A careless server that repeats the credentials it got in its error message.
    careless = await startModelServer((request) => {
      if (!(userTexts(request).at(-1) ?? '').startsWith('echo key')) throw new Error('unexpected prompt');
      return { fault: 'http', status: 400, body: { error: { message: `bad request from ${String(request.headers.authorization)}`, type: 'invalid_request_error' } } };
    });
    repo = makeCalcRepo(dirs.make());
    write(repo, '.gitignore', '.env\n');
    commitAll(repo, 'ignore .env');
    exportDir = dirs.make();
    env = { CODEBAY_HOME: home, OPENAI_BASE_URL: model.baseUrl, OPENAI_API_KEY: ENV_API_KEY, CODEBAY_MODEL: 'scripted', CODEBAY_WIRE: 'chat', CODEBAY_POOL_SIZE: '0' };
    const setupFile = path.join(dirs.make(), 'setup.sh');
    writeFileSync(setupFile, SETUP);
    const created = await cli('env create', ['env', 'create', '--name', 'secretive', '--repo', repo, '--setup-file', setupFile, '--secret', `DEPLOY_TOKEN=${ENV_SECRET}`]);
    expect(created.code, created.stderr).toBe(0);

    const careful = await cli('exec: use the secret', ['exec', '--env', 'secretive', '--json', 'use the secret']);
    expect(careful.code, careful.stdout + careful.stderr).toBe(0);
    const { id } = summaryOf(careful);
    await Promise.all([
      cli('logs', ['logs', id]),
      cli('logs --json', ['logs', id, '--json']),
      cli('show --json', ['show', id, '--json']),
      cli('diff', ['diff', id]),
      cli('export patch', ['export', id, '--format', 'patch', '-o', path.join(exportDir, 'task.patch')]),
      cli('export mbox', ['export', id, '--format', 'mbox', '-o', path.join(exportDir, 'task.mbox')]),
      cli('exec: commit the secret', ['exec', '--env', 'secretive', 'commit the secret']),
      cli('exec: env key echoed', ['exec', '--env', 'secretive', '--base-url', careless.baseUrl, '--model', 'careless', 'echo key from the environment']),
    ]);

    const app = createApp({ home });
    try {
      const api = new Api(app, 'ipc');
      const provider = (await api.call('providers.create', { name: 'stored', baseUrl: careless.baseUrl, wire: 'chat', model: 'careless', apiKey: STORED_API_KEY })) as { id: string };
      await api.call('settings.update', { defaultProviderId: provider.id });
    } finally {
      await app.close();
    }
    await cli('exec: stored key echoed', ['exec', '--env', 'secretive', '--json', 'echo key from the secret store']);
    await cli('ls', ['ls', '--json']);
  });

  afterAll(async () => {
    await model?.close();
    await careless?.close();
    dirs.cleanup();
  });

  it('gave the secret to the setup script and masked it in what the agent and the model saw', () => {
    const careful = outputs.find((o) => o.what === 'exec: use the secret')?.result.stdout ?? '';
    expect(careful).toContain('setup sees ••••••');
    expect(careful.match(/••••••/g)?.length).toBeGreaterThanOrEqual(3);
    const bodies = JSON.stringify(model.requests.map((r) => r.body));
    expect(leaksIn(bodies)).toEqual([]);
    expect(bodies).toContain('••••••');
  });

  it('refuses to keep a result the secret was written into, and says where', () => {
    const committed = outputs.find((o) => o.what === 'exec: commit the secret')?.result;
    expect(committed?.code).toBe(1);
    expect(committed?.stdout).toMatch(/failed: .*DEPLOY_TOKEN.*config\.txt/);
    expect(committed?.stdout).toMatch(/setup script/);
  });

  it('fails a task whose server repeats the API key, with the key masked', () => {
    for (const what of ['exec: env key echoed', 'exec: stored key echoed']) {
      const result = outputs.find((o) => o.what === what)?.result;
      expect(result?.code, what).toBe(1);
      expect(result?.stdout, what).toMatch(/HTTP 400.*bad request from Bearer ••••••/);
    }
  });

  it('printed no secret in any command output, log, diff, export or error', () => {
    expect(outputs.length).toBe(12);
    for (const { what, result } of outputs) expect(leaksIn(result.stdout + result.stderr), what).toEqual([]);
    for (const file of filesUnder(exportDir)) expect(leaksIn(readFileSync(path.join(exportDir, file))), file).toEqual([]);
    expect(readFileSync(path.join(exportDir, 'task.patch'), 'utf8')).toContain('+a note without secrets');
  });

  it('wrote no secret to any file under CODEBAY_HOME but secrets.json (database, WAL, mirrors)', () => {
    const files = filesUnder(home);
    expect(files).toContain('codebay.db');
    for (const file of files.filter((f) => f !== 'secrets.json')) expect(leaksIn(readFileSync(path.join(home, file))), file).toEqual([]);
    const stored = readFileSync(path.join(home, 'secrets.json'));
    expect(leaksIn(stored).sort()).toEqual(['ENV_SECRET', 'STORED_API_KEY']);
    expect(statSync(path.join(home, 'secrets.json')).mode & 0o777).toBe(0o600);
  });
});
