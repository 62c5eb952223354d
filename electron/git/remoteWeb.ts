import { git } from './run.js';

export type ForgeKind = 'github' | 'gitlab' | 'bitbucket';

export interface RemoteWeb {
  forge: ForgeKind;
  /** The repository's page, e.g. https://github.com/owner/repo. */
  webUrl: string;
}

/**
 * The web page of a remote on GitHub, GitLab or Bitbucket (hosted or self-hosted
 * under a host name that says which), from any URL form git accepts; null for
 * anything else. Credentials in the URL are dropped.
 */
export function parseRemoteWebUrl(remoteUrl: string): RemoteWeb | null {
  const location = splitRemoteUrl(remoteUrl.trim());
  if (!location) return null;
  const host = location.host.toLowerCase();
  const forge = forgeOf(host);
  if (!forge) return null;
  const segments = location.path
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .split('/')
    .filter(Boolean);
  const minimum = 2;
  const maximum = forge === 'gitlab' ? Infinity : 2;
  if (segments.length < minimum || segments.length > maximum) return null;
  return { forge, webUrl: `${location.scheme}://${host}${location.port}/${segments.join('/')}` };
}

function forgeOf(host: string): ForgeKind | null {
  const labels = host.split('.');
  if (labels.some((label) => label === 'github' || label.startsWith('github-'))) return 'github';
  if (labels.some((label) => label === 'gitlab' || label.startsWith('gitlab-'))) return 'gitlab';
  if (labels.some((label) => label === 'bitbucket' || label.startsWith('bitbucket-'))) return 'bitbucket';
  return null;
}

interface RemoteLocation {
  scheme: 'https' | 'http';
  host: string;
  /** ":port" for web URLs that had one, else empty; SSH ports say nothing about the web. */
  port: string;
  path: string;
}

function splitRemoteUrl(url: string): RemoteLocation | null {
  const withScheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url);
  if (withScheme) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return null;
    }
    const scheme = parsed.protocol.slice(0, -1).toLowerCase();
    const web = scheme === 'http' || scheme === 'https';
    if (!web && !['ssh', 'git', 'git+ssh', 'ssh+git'].includes(scheme)) return null;
    return {
      scheme: scheme === 'http' ? 'http' : 'https',
      host: parsed.hostname,
      port: web && parsed.port ? `:${parsed.port}` : '',
      path: decodeURIComponent(parsed.pathname),
    };
  }
  // scp-like form: [user@]host:path, which git uses when there is no "://" and
  // the part before the first colon has no slash.
  const scpLike = /^(?:[^@/]+@)?([^:/]+):(.+)$/.exec(url);
  if (!scpLike?.[1] || !scpLike[2]) return null;
  return { scheme: 'https', host: scpLike[1], port: '', path: scpLike[2] };
}

/** The page that opens a pull (merge) request from `branch`, into `base` when given. */
export function compareUrl(remote: RemoteWeb, branch: string, base?: string): string {
  const query = (params: Record<string, string | undefined>): string =>
    Object.entries(params)
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
      .join('&');
  switch (remote.forge) {
    case 'github': {
      const range = base === undefined ? pathOf(branch) : `${pathOf(base)}...${pathOf(branch)}`;
      return `${remote.webUrl}/compare/${range}?expand=1`;
    }
    case 'gitlab':
      return `${remote.webUrl}/-/merge_requests/new?${query({
        'merge_request[source_branch]': branch,
        'merge_request[target_branch]': base,
      })}`;
    case 'bitbucket':
      return `${remote.webUrl}/pull-requests/new?${query({ source: branch, dest: base })}`;
  }
}

function pathOf(branch: string): string {
  return branch.split('/').map(encodeURIComponent).join('/');
}

/** The web page of a configured remote of the user's repository, or null. */
export async function remoteWebUrl(repoRoot: string, remote: string): Promise<RemoteWeb | null> {
  const url = await git(['remote', 'get-url', '--', remote], { cwd: repoRoot, scope: 'host', okExitCodes: [2, 128] });
  return url ? parseRemoteWebUrl(url) : null;
}
