/** Names of the refs Codebay keeps in a mirror, and guards for values passed to git. */

const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const REF_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const RESERVED = new Set(['snapshots', 'bases']);

export function isObjectId(value: string): boolean {
  return OBJECT_ID.test(value);
}

export function assertObjectId(value: string, what: string): void {
  if (!isObjectId(value)) throw new Error(`${what} must be a full commit id (40 or 64 hex digits), got ${JSON.stringify(value)}`);
}

/**
 * Rejects values git would read as an option or that cannot name a revision, so
 * a ref coming from a user or a model can never change what a command does.
 */
export function assertRevision(value: string, what: string): void {
  if (value === '' || value.startsWith('-') || /[\0-\x1f\x7f]/.test(value)) {
    throw new Error(`${what} ${JSON.stringify(value)} is not a valid git revision`);
  }
}

function assertSegment(value: string, what: string): void {
  if (!REF_SEGMENT.test(value) || value.endsWith('.lock') || value.includes('..')) {
    throw new Error(`${what} ${JSON.stringify(value)} may only contain letters, digits, '.', '_' and '-'`);
  }
}

/** Where turn `turn` of task `taskId` is stored in the mirror. */
export function turnRef(taskId: string, turn: number): string {
  assertSegment(taskId, 'Task id');
  if (RESERVED.has(taskId)) throw new Error(`Task id ${JSON.stringify(taskId)} is reserved for Codebay's own refs`);
  if (!Number.isInteger(turn) || turn < 0) throw new Error(`Turn must be a non-negative integer, got ${turn}`);
  return `refs/codebay/${taskId}/${turn}`;
}

/** Where the newest commit Codebay made with the user's message for shipping task `taskId` is kept alive. */
export function shipRef(taskId: string): string {
  assertSegment(taskId, 'Task id');
  return `refs/codebay/${taskId}/shipped`;
}

export function snapshotRef(id: string): string {
  assertSegment(id, 'Snapshot id');
  return `refs/codebay/snapshots/${id}`;
}

/** Commits fetched by id (for example a base on a remote-tracking branch) are kept alive here. */
export function baseRef(commit: string): string {
  assertObjectId(commit, 'Base commit');
  return `refs/codebay/bases/${commit}`;
}

export function assertCodebayRef(ref: string): void {
  const segments = ref.split('/');
  if (segments.length < 3 || segments[0] !== 'refs' || segments[1] !== 'codebay') {
    throw new Error(`Ref ${JSON.stringify(ref)} must live under refs/codebay/`);
  }
  for (const segment of segments.slice(2)) assertSegment(segment, 'Ref segment');
}
