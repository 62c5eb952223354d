import { afterEach, describe, expect, it } from 'vitest';
import { compareUrl, parseRemoteWebUrl, remoteWebUrl } from '../../electron/git/remoteWeb.js';
import { TempDirs, makeRepo, sh } from '../support/gitFixture.js';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

describe('parseRemoteWebUrl', () => {
  it.each([
    ['https://github.com/owner/repo.git', 'github', 'https://github.com/owner/repo'],
    ['https://github.com/owner/repo', 'github', 'https://github.com/owner/repo'],
    ['https://github.com/owner/repo/', 'github', 'https://github.com/owner/repo'],
    ['https://user:s3cret@github.com/owner/repo.git', 'github', 'https://github.com/owner/repo'],
    ['git@github.com:owner/repo.git', 'github', 'https://github.com/owner/repo'],
    ['github.com:owner/repo', 'github', 'https://github.com/owner/repo'],
    ['ssh://git@github.com/owner/repo.git', 'github', 'https://github.com/owner/repo'],
    ['ssh://git@github.com:22/owner/repo.git', 'github', 'https://github.com/owner/repo'],
    ['git://github.com/owner/repo.git', 'github', 'https://github.com/owner/repo'],
    ['https://github.example-corp.com/team/tool.git', 'github', 'https://github.example-corp.com/team/tool'],
    ['https://gitlab.com/group/sub/project.git', 'gitlab', 'https://gitlab.com/group/sub/project'],
    ['git@gitlab.com:group/sub/project.git', 'gitlab', 'https://gitlab.com/group/sub/project'],
    ['ssh://git@gitlab.internal.example:2222/team/project.git', 'gitlab', 'https://gitlab.internal.example/team/project'],
    ['http://gitlab.local:8080/team/project.git', 'gitlab', 'http://gitlab.local:8080/team/project'],
    ['https://me@bitbucket.org/team/repo.git', 'bitbucket', 'https://bitbucket.org/team/repo'],
    ['git@bitbucket.org:team/repo.git', 'bitbucket', 'https://bitbucket.org/team/repo'],
  ])('%s', (url, forge, webUrl) => {
    expect(parseRemoteWebUrl(url)).toEqual({ forge, webUrl });
  });

  it.each([
    '/home/me/repos/project.git',
    'file:///srv/git/project.git',
    '../relative/repo',
    'https://dev.azure.com/org/project/_git/repo',
    'https://git.example.com/owner/repo.git',
    'https://github.com/owner',
    'https://github.com/owner/repo/extra',
    'https://notgithub.com/owner/repo',
    'C:\\repos\\project',
    '',
  ])('gives null for %j', (url) => {
    expect(parseRemoteWebUrl(url)).toBeNull();
  });
});

describe('compareUrl', () => {
  const github = { forge: 'github', webUrl: 'https://github.com/o/r' } as const;
  const gitlab = { forge: 'gitlab', webUrl: 'https://gitlab.com/g/s/p' } as const;
  const bitbucket = { forge: 'bitbucket', webUrl: 'https://bitbucket.org/t/r' } as const;

  it('opens a pull request page on GitHub', () => {
    expect(compareUrl(github, 'codebay/fix login')).toBe('https://github.com/o/r/compare/codebay/fix%20login?expand=1');
    expect(compareUrl(github, 'codebay/fix', 'release/1.x')).toBe('https://github.com/o/r/compare/release/1.x...codebay/fix?expand=1');
  });

  it('opens a merge request page on GitLab', () => {
    expect(compareUrl(gitlab, 'codebay/fix', 'main')).toBe(
      'https://gitlab.com/g/s/p/-/merge_requests/new?merge_request%5Bsource_branch%5D=codebay%2Ffix&merge_request%5Btarget_branch%5D=main',
    );
  });

  it('opens a pull request page on Bitbucket', () => {
    expect(compareUrl(bitbucket, 'codebay/fix')).toBe('https://bitbucket.org/t/r/pull-requests/new?source=codebay%2Ffix');
  });
});

describe('remoteWebUrl', () => {
  it("reads the remote's URL from the repository's config", async () => {
    const repo = makeRepo(temp.make());
    sh(repo, ['remote', 'add', 'origin', 'git@github.com:owner/repo.git']);
    sh(repo, ['remote', 'add', 'local', '/srv/git/repo.git']);
    expect(await remoteWebUrl(repo, 'origin')).toEqual({ forge: 'github', webUrl: 'https://github.com/owner/repo' });
    expect(await remoteWebUrl(repo, 'local')).toBeNull();
    expect(await remoteWebUrl(repo, 'missing')).toBeNull();
  });
});
