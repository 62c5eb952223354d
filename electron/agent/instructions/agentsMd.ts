import { foldersDownTo } from '../workingDirectory.js';

export const AGENTS_MD_LIMIT_BYTES = 32 * 1024;

export interface AgentsMdFile {
  /** Workspace-relative, e.g. AGENTS.md or packages/app/AGENTS.md. */
  path: string;
  text: string;
}

export interface AgentsMd {
  /** Root first, deeper later, so deeper files come last and win. */
  files: AgentsMdFile[];
  /** Set when the limit was reached: the file cut short, if any, and the files left out. */
  truncated?: { cut?: string; leftOut: string[] };
}

/** Reads every AGENTS.md from the repository root down to the working directory, up to 32 KiB in all. */
export async function loadAgentsMd(
  readFile: (path: string) => Promise<Buffer | null>,
  workingDirectory: string,
  limitBytes: number = AGENTS_MD_LIMIT_BYTES,
): Promise<AgentsMd> {
  const result: AgentsMd = { files: [] };
  let room = limitBytes;
  for (const folder of foldersDownTo(workingDirectory)) {
    const path = folder === '' ? 'AGENTS.md' : `${folder}/AGENTS.md`;
    const content = await readFile(path);
    if (content === null) continue;
    if (result.truncated !== undefined) {
      result.truncated.leftOut.push(path);
    } else if (content.length <= room) {
      result.files.push({ path, text: content.toString('utf8') });
      room -= content.length;
    } else {
      // A streaming decode holds back a character cut in half rather than garbling it.
      const text = new TextDecoder().decode(content.subarray(0, room), { stream: true });
      if (text.trim() === '') {
        result.truncated = { leftOut: [path] };
      } else {
        result.files.push({ path, text });
        result.truncated = { cut: path, leftOut: [] };
      }
      room = 0;
    }
  }
  return result;
}
