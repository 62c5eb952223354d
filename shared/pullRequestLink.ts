/**
 * The forge's "new pull request" page with the title and body filled in: GitHub's compare page
 * and GitLab's new merge request page take them as query parameters. Bitbucket's does not, so
 * its page opens as it is and the reader pastes them.
 */
export function pullRequestLink(pageUrl: string, title: string, body: string): { url: string; filled: boolean } {
  const url = new URL(pageUrl);
  if (url.pathname.includes('/compare/')) {
    url.searchParams.set('title', title);
    url.searchParams.set('body', body);
    return { url: url.toString(), filled: true };
  }
  if (url.pathname.endsWith('/-/merge_requests/new')) {
    url.searchParams.set('merge_request[title]', title);
    url.searchParams.set('merge_request[description]', body);
    return { url: url.toString(), filled: true };
  }
  return { url: pageUrl, filled: false };
}

/** The title and body a pull request of the task starts from: its title and the turns' summaries. */
export function defaultPullRequestText(title: string, summaries: readonly string[]): { title: string; body: string } {
  return { title, body: summaries.filter(Boolean).join('\n\n') };
}
