import { describe, expect, it } from 'vitest';
import { pullRequestLink } from '../../shared/pullRequestLink.js';
import { queueText } from '../../shared/queueText.js';

describe('what the task view says', () => {
  it('fills the pull request title and body into GitHub and GitLab pages, and leaves others as they are', () => {
    expect(pullRequestLink('https://github.com/acme/calc/compare/main...fix?expand=1', 'Fix add', 'It subtracted & more')).toEqual({
      url: 'https://github.com/acme/calc/compare/main...fix?expand=1&title=Fix+add&body=It+subtracted+%26+more',
      filled: true,
    });
    const gitlab = pullRequestLink('https://gitlab.com/g/calc/-/merge_requests/new?merge_request%5Bsource_branch%5D=fix', 'T', 'B');
    expect(new URL(gitlab.url).searchParams.get('merge_request[title]')).toBe('T');
    expect(new URL(gitlab.url).searchParams.get('merge_request[description]')).toBe('B');
    expect(pullRequestLink('https://bitbucket.org/a/b/pull-requests/new?source=fix', 'T', 'B')).toEqual({ url: 'https://bitbucket.org/a/b/pull-requests/new?source=fix', filled: false });
  });

  it('says a queued task’s place in line', () => {
    expect(queueText({ position: 3, running: 2, limit: 2 })).toBe('Queued · 3rd in line (2 running of 2 allowed)');
    expect(queueText({ position: 1, running: 1, limit: 1 })).toBe('Queued · 1st in line (1 running of 1 allowed)');
    expect(queueText({ position: 12, running: 4, limit: 4 })).toBe('Queued · 12th in line (4 running of 4 allowed)');
  });

});
