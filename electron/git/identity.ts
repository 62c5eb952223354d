export interface GitIdentity {
  name: string;
  email: string;
}

/** Who Codebay's own commits (snapshots, squashed exports) are by unless the user says otherwise. */
export const CODEBAY_IDENTITY: GitIdentity = { name: 'Codebay', email: 'codebay@localhost' };

export function identityEnv(author: GitIdentity, committer: GitIdentity = author): Record<string, string> {
  return {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email,
  };
}
