import path from 'node:path';

/**
 * A shell call that is really apply_patch, in the shapes Codex accepts and Codex-trained
 * models send: `patch` is the patch text (a heredoc wrapper the parser strips may remain),
 * `cd` the folder named by a leading `cd <dir> &&`. `raw` is a bare patch sent as the command.
 */
export type PatchInvocation = { kind: 'apply'; patch: string; cd?: string } | { kind: 'raw' };

const PATCH_PROGRAMS = new Set(['apply_patch', 'applypatch']);

/**
 * `[cd <one word, 'quoted' or "quoted"> &&] apply_patch <<EOF` on the script's first line, as
 * Codex accepts it: a `;`, `||`, a pipe, a second command or argument make it an ordinary command.
 */
const HEREDOC_CALL =
  /^\s*(?:cd\s+(?:'(?<single>[^']*)'|"(?<double>(?:[^"\\]|\\.)*)"|(?!~)(?<bare>[^\s'"\\;&|<>()$`]+))\s*&&\s*)?(?=(?:apply_patch|applypatch)\s*<<-?\s*(?<quote>['"]?)[A-Za-z_][\w-]*\k<quote>[ \t]*(?:\r?\n|$))/;

/** A patch as the whole script, perhaps inside a bare heredoc: bash would only fail on it. */
const RAW_PATCH = /^\s*(?:<<-?\s*(?<quote>['"]?)[A-Za-z_][\w-]*\k<quote>[ \t]*\r?\n\s*)?\*\*\* Begin Patch[ \t]*(?:\r?\n|$)/;

const UNIX_SHELLS = new Set(['bash', 'sh', 'zsh']);

/** Recognises apply_patch in a shell call's argv (as commandArgv gives it); undefined for any other command. */
export function patchInvocation(argv: readonly string[]): PatchInvocation | undefined {
  const [program, first] = argv;
  if (program !== undefined && PATCH_PROGRAMS.has(program) && argv.length === 2 && first !== undefined) return { kind: 'apply', patch: first };
  const script = shellScript(argv);
  if (script === undefined) return undefined;
  if (RAW_PATCH.test(script)) return { kind: 'raw' };
  const call = HEREDOC_CALL.exec(script);
  if (!call) return undefined;
  const { single, double, bare } = call.groups ?? {};
  const patch = script.slice(call[0].length);
  // Inside double quotes the shell drops the backslash before these characters only.
  const cd = single ?? double?.replace(/\\([$`"\\])/g, '$1') ?? bare;
  return cd === undefined ? { kind: 'apply', patch } : { kind: 'apply', patch, cd };
}

/** The script of `bash -lc <script>` and of the other shell forms Codex recognises; undefined otherwise. */
function shellScript(argv: readonly string[]): string | undefined {
  const [shell, ...rest] = argv;
  const script = rest.at(-1);
  if (shell === undefined || script === undefined) return undefined;
  const name = path.posix.basename(shell.replaceAll('\\', '/')).replace(/\.exe$/i, '').toLowerCase();
  if (UNIX_SHELLS.has(name)) return rest.length === 2 && (rest[0] === '-lc' || rest[0] === '-c') ? script : undefined;
  const flags = rest.slice(0, -1).map((flag) => flag.toLowerCase()).join(' ');
  if (name === 'pwsh' || name === 'powershell') return flags === '-command' || flags === '-noprofile -command' ? script : undefined;
  if (name === 'cmd') return flags === '/c' ? script : undefined;
  return undefined;
}
