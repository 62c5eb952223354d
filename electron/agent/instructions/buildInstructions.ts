import { MODES } from '../../../shared/modes.js';
import { AGENTS_MD_LIMIT_BYTES, type AgentsMd } from './agentsMd.js';
import { systemPrompt } from './systemPrompt.js';
import type { TaskMode } from '../types.js';

export interface InstructionParts {
  mode: TaskMode;
  workspaceRoot: string;
  /** Absolute path in the sandbox where commands start. */
  workdir: string;
  agentsMd: AgentsMd;
  userInstructions?: string;
}

/** The built-in prompt, then the AGENTS.md files root first, then the user's own text: later parts win. */
export function buildInstructions(parts: InstructionParts): string {
  const sections = [systemPrompt(parts.mode), environment(parts)];
  const agents = agentsSection(parts.agentsMd);
  if (agents !== undefined) sections.push(agents);
  const user = parts.userInstructions?.trim();
  if (user) sections.push(`# The user's standing instructions\nThese come from the user's settings and apply to every task.\n\n${user}`);
  return sections.join('\n\n');
}

function environment(parts: InstructionParts): string {
  return [
    '# Environment',
    `- The repository root (workspace): ${parts.workspaceRoot}`,
    `- Commands start in: ${parts.workdir}`,
    `- Task: ${MODES[parts.mode].brief}`,
  ].join('\n');
}

function agentsSection(agentsMd: AgentsMd): string | undefined {
  if (agentsMd.files.length === 0 && agentsMd.truncated === undefined) return undefined;
  const lines = [
    '# Repository instructions (AGENTS.md)',
    'These come from AGENTS.md files, from the repository root down to the working directory. Each applies to the files under its ' +
      'folder; where they disagree, the deeper file wins, and the user\'s request wins over all of them. ' +
      'AGENTS.md files in other folders apply to the files there: read them before changing such files.',
  ];
  for (const file of agentsMd.files) {
    const title = file.path === 'AGENTS.md' ? 'AGENTS.md (repository root)' : file.path;
    lines.push('', `## ${title}`, file.text.trimEnd());
  }
  const truncated = agentsMd.truncated;
  if (truncated !== undefined) {
    const parts = [
      ...(truncated.cut === undefined ? [] : [`${truncated.cut} was cut short`]),
      ...(truncated.leftOut.length === 0 ? [] : [`${truncated.leftOut.join(', ')} ${truncated.leftOut.length === 1 ? 'was' : 'were'} left out`]),
    ];
    lines.push(
      '',
      `[AGENTS.md text is limited to ${AGENTS_MD_LIMIT_BYTES / 1024} KiB in all: ${parts.join(' and ')}. Read the files with the shell for the rest.]`,
    );
  }
  return lines.join('\n');
}
