/** Who runs a command in a sandbox: root for setup, the image's uid-1000 user for the agent. */
export type SandboxUser = 'root' | 'agent';

interface UserAccount {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

/** Matches the `codebay` user of build/sandbox/Dockerfile. */
export const ACCOUNTS: Record<SandboxUser, UserAccount> = {
  root: { name: 'root', uid: 0, gid: 0, home: '/root' },
  agent: { name: 'codebay', uid: 1000, gid: 1000, home: '/home/codebay' },
};

/** The `user` of a docker exec; numeric so it works even if /etc/passwd was edited by setup. */
export function execUser(user: SandboxUser): string {
  const account = ACCOUNTS[user];
  return `${account.uid}:${account.gid}`;
}
