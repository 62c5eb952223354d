import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSandboxNetwork, SANDBOX_NETWORK } from '../../electron/sandbox/network.js';
import type { Task } from '../../electron/store/types.js';
import { outputText } from '../support/engine.js';
import { useEngine } from '../support/engineFixture.js';
import { makeRepo } from '../support/gitFixture.js';
import { answer, byPrompt, shell } from '../support/scripts.js';
import { waitForTask } from '../support/taskWait.js';

// The same apt-get update, with lists in a folder the running user owns.
const aptUpdate = (dir: string): string =>
  `mkdir -p ${dir}/l/partial ${dir}/c/archives/partial && apt-get -o Dir::State::Lists=${dir}/l -o Dir::Cache=${dir}/c -o Debug::NoLocking=1 update`;

describe('network: setup online, agent offline (real Docker)', () => {
  // Known once the host server listens; the script reads it only when the model is asked.
  let hostUrl = '';
  const engine = useEngine(
    byPrompt(() => [
      shell(['bash', '-c', `${aptUpdate('/tmp/agent-apt')}; echo "APT-EXIT=$?"`]),
      shell(['bash', '-c', `curl -sS -m 5 ${hostUrl}/from-agent; echo "CURL-EXIT=$?"`]),
      answer('checked the network'),
    ]),
  );
  let hostServer: http.Server;
  let hits: string[] = [];
  let task: Task;

  beforeAll(async () => {
    hostServer = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('host-server-answered\n');
    });
    // All interfaces of this machine, so the sandbox network's gateway reaches it.
    await new Promise<void>((resolve) => hostServer.listen(0, '0.0.0.0', () => resolve()));
    const port = (hostServer.address() as AddressInfo).port;
    await ensureSandboxNetwork(engine.docker);
    const network = (await engine.docker.getNetwork(SANDBOX_NETWORK).inspect()) as { IPAM: { Config: Array<{ Gateway?: string }> } };
    const gateway = network.IPAM.Config.find((c) => c.Gateway)?.Gateway;
    if (!gateway) throw new Error(`network ${SANDBOX_NETWORK} has no gateway`);
    hostUrl = `http://${gateway}:${port}`;
    const repo = makeRepo(engine.dirs.make());
    const environment = await engine.app.environments.create({
      name: 'networked-setup',
      repoPath: repo,
      setupScript: `${aptUpdate('/tmp/setup-apt')}\necho SETUP-APT-OK\ncurl -sS -m 5 ${hostUrl}/from-setup\n`,
    });
    hits = [];
    [task] = (await engine.app.tasks.create({ prompt: 'check the network', mode: 'code', environment })) as [Task];
    task = await waitForTask(engine.app, task.id, 300_000);
  });

  afterAll(() => {
    hostServer?.close();
  });

  it('lets the setup script reach Debian\'s mirror and this machine', () => {
    expect(task.status, task.error ?? '').toBe('succeeded');
    const setup = outputText(engine.app, task.id, 'setup.output');
    expect(setup).toContain('SETUP-APT-OK');
    expect(setup).toMatch(/Reading package lists/);
    expect(setup).toContain('host-server-answered');
    expect(hits).toContain('/from-setup');
  });

  it('cuts the agent phase off: the same apt-get update fails and the host server is unreachable', () => {
    const output = outputText(engine.app, task.id);
    expect(output).toMatch(/APT-EXIT=(?!0\b)\d+|Temporary failure resolving|Could not resolve/);
    expect(output).toMatch(/Failed to fetch|Temporary failure resolving|Could not resolve/);
    expect(output).toMatch(/CURL-EXIT=(?!0\b)\d+/);
    expect(output).not.toContain('host-server-answered');
    expect(hits).not.toContain('/from-agent');
  });
});
