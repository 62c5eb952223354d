/** Flags for Codebay's own fetches: only the named objects and refs, no side effects. */
export const QUIET_FETCH = ['--quiet', '--no-tags', '--no-write-fetch-head', '--no-recurse-submodules'] as const;

/** Objects no ref advertises can be fetched by id only over protocol v2, whatever the user configured. */
export const FETCH_BY_ID = ['-c', 'protocol.version=2', 'fetch'] as const;
