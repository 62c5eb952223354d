import type { AgentBackendName } from '../../../shared/agents';
import type { EnvironmentView } from '../../../shared/types';
import type { MethodParams } from '../../../shared/protocol';
import type { EnvironmentParams } from '../state/environmentsStore';
import { baseName } from '../ui/format';

const GIB = 1024 ** 3;
const MINUTE_MS = 60_000;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface VariableRow {
  key: string;
  value: string;
}

/** A secret as the form knows it: its value is never read back, only replaced or removed. */
export interface SecretRow {
  name: string;
  value: string;
  state: 'kept' | 'replace' | 'remove' | 'new';
}

/** A check as typed: the time limit in minutes stays text until saved. */
export interface CheckRow {
  name: string;
  command: string;
  minutes: string;
}

/** The form's fields as the user types them (numbers stay text until saved). */
export interface EnvironmentDraft {
  name: string;
  repoPath: string;
  baseBranch: string;
  setupScript: string;
  envVars: VariableRow[];
  secrets: SecretRow[];
  agentNetwork: boolean;
  agent: AgentBackendName;
  checks: CheckRow[];
  cpus: string;
  memoryGiB: string;
  pidsLimit: string;
  diskGiB: string;
  timeLimitMinutes: string;
}

function numberText(value: number | null, scale = 1): string {
  return value === null ? '' : String(Math.round((value / scale) * 100) / 100);
}

export function draftOf(environment: EnvironmentView | null): EnvironmentDraft {
  if (!environment) {
    return { name: '', repoPath: '', baseBranch: '', setupScript: '', envVars: [], secrets: [], agentNetwork: false, agent: 'built-in', checks: [], cpus: '', memoryGiB: '', pidsLimit: '', diskGiB: '', timeLimitMinutes: '' };
  }
  return {
    name: environment.name,
    repoPath: environment.repoPath ?? '',
    baseBranch: environment.baseBranch ?? '',
    setupScript: environment.setupScript,
    envVars: Object.entries(environment.envVars).map(([key, value]) => ({ key, value })),
    secrets: environment.secretNames.map((name) => ({ name, value: '', state: 'kept' })),
    agentNetwork: environment.agentNetwork,
    agent: environment.agent ?? 'built-in',
    checks: environment.checks.map((check) => ({ name: check.name, command: check.command, minutes: numberText(check.timeoutMs, MINUTE_MS) })),
    cpus: numberText(environment.cpus),
    memoryGiB: numberText(environment.memoryBytes, GIB),
    pidsLimit: numberText(environment.pidsLimit),
    diskGiB: numberText(environment.diskBytes, GIB),
    timeLimitMinutes: numberText(environment.timeLimitMs, MINUTE_MS),
  };
}

export type DraftField = 'name' | 'repoPath' | 'baseBranch' | 'setupScript' | 'envVars' | 'secrets' | 'checks' | 'cpus' | 'memoryGiB' | 'pidsLimit' | 'diskGiB' | 'timeLimitMinutes';
export type DraftProblems = Partial<Record<DraftField, string>>;

// The engine names the param an error is about; the form shows it beside the field that sets it.
const FIELD_OF_PARAM: Record<string, DraftField> = {
  name: 'name',
  repoPath: 'repoPath',
  baseBranch: 'baseBranch',
  setupScript: 'setupScript',
  envVars: 'envVars',
  secrets: 'secrets',
  checks: 'checks',
  cpus: 'cpus',
  memoryBytes: 'memoryGiB',
  pidsLimit: 'pidsLimit',
  diskBytes: 'diskGiB',
  timeLimitMs: 'timeLimitMinutes',
};

/** The form field an engine error belongs to, if it names one the form has. */
export function fieldOfParam(param: string | undefined): DraftField | undefined {
  return param === undefined ? undefined : FIELD_OF_PARAM[param];
}

/** A new repository path; the name follows the folder's unless the user typed one of their own. */
export function withRepoPath(draft: EnvironmentDraft, repoPath: string, nameTyped: boolean): EnvironmentDraft {
  const nameFollows = !nameTyped || !draft.name.trim();
  return { ...draft, repoPath, name: nameFollows ? baseName(repoPath.trim()) : draft.name };
}

function limit(text: string, scale: number, problems: DraftProblems, field: keyof DraftProblems, integer = false): number | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    problems[field] = `Give a positive ${integer ? 'whole ' : ''}number, or leave it empty for the default`;
    return null;
  }
  return integer ? value : value * scale;
}

function checkNames(names: string[], what: string): string | undefined {
  const bad = names.find((n) => !VARIABLE_NAME.test(n));
  if (bad !== undefined) return `${what} name “${bad || '(empty)'}” is not valid: use letters, digits and _, not starting with a digit`;
  const seen = new Set<string>();
  const twice = names.find((n) => (seen.has(n) ? true : (seen.add(n), false)));
  if (twice !== undefined) return `${what} ${twice} is listed twice; keep one`;
  return undefined;
}

/** The params for environments.create/update, or what to fix first. */
export function paramsOf(draft: EnvironmentDraft): { params: EnvironmentParams; problems: DraftProblems } {
  const problems: DraftProblems = {};
  if (!draft.name.trim()) problems.name = 'Give the environment a short name, e.g. the project’s';
  if (!draft.repoPath.trim()) problems.repoPath = 'Give the path of a local git repository, e.g. /home/you/project';
  const vars = draft.envVars.filter((row) => row.key.trim() || row.value);
  const varProblem = checkNames(vars.map((row) => row.key.trim()), 'Variable');
  if (varProblem) problems.envVars = varProblem;
  const secretRows = draft.secrets.filter((row) => row.state !== 'new' || row.name.trim() || row.value);
  const secretProblem =
    checkNames(secretRows.map((row) => row.name.trim()), 'Secret') ??
    secretRows.filter((row) => (row.state === 'new' || row.state === 'replace') && !row.value).map((row) => `Type a value for secret ${row.name || '(unnamed)'}, or remove the row`)[0];
  if (secretProblem) problems.secrets = secretProblem;

  const secrets: Record<string, string | null> = {};
  for (const row of secretRows) {
    if (row.state === 'remove') secrets[row.name] = null;
    else if (row.state === 'new' || row.state === 'replace') secrets[row.name.trim()] = row.value;
  }
  const checkRows = draft.checks.filter((row) => row.name.trim() || row.command.trim() || row.minutes.trim());
  const checks = checkRows.map((row) => {
    const minutes = row.minutes.trim() ? Number(row.minutes) : null;
    return { ...(row.name.trim() ? { name: row.name.trim() } : {}), command: row.command.trim(), ...(minutes !== null ? { timeoutMs: Math.round(minutes * MINUTE_MS) } : {}) };
  });
  const badCheck = checkRows.findIndex((row) => !row.command.trim());
  const badMinutes = checkRows.findIndex((row) => row.minutes.trim() !== '' && !(Number(row.minutes) > 0 && Number(row.minutes) <= 120));
  if (badCheck >= 0) problems.checks = `Check ${badCheck + 1} has no command: give one, e.g. python3 -m pytest -q, or remove it`;
  else if (badMinutes >= 0) problems.checks = `Check ${badMinutes + 1}'s time limit must be 1 to 120 minutes, or empty for 10`;
  const params: EnvironmentParams = {
    name: draft.name.trim(),
    repoPath: draft.repoPath.trim(),
    baseBranch: draft.baseBranch.trim() || null,
    setupScript: draft.setupScript,
    envVars: Object.fromEntries(vars.map((row) => [row.key.trim(), row.value])),
    secrets,
    agentNetwork: draft.agentNetwork,
    agent: draft.agent === 'built-in' ? null : draft.agent,
    checks,
    cpus: limit(draft.cpus, 1, problems, 'cpus'),
    memoryBytes: limit(draft.memoryGiB, GIB, problems, 'memoryGiB'),
    pidsLimit: limit(draft.pidsLimit, 1, problems, 'pidsLimit', true),
    diskBytes: limit(draft.diskGiB, GIB, problems, 'diskGiB'),
    timeLimitMs: limit(draft.timeLimitMinutes, MINUTE_MS, problems, 'timeLimitMinutes'),
  };
  if (params.memoryBytes !== null && params.memoryBytes !== undefined) params.memoryBytes = Math.round(params.memoryBytes);
  if (params.diskBytes !== null && params.diskBytes !== undefined) params.diskBytes = Math.round(params.diskBytes);
  if (params.timeLimitMs !== null && params.timeLimitMs !== undefined) params.timeLimitMs = Math.round(params.timeLimitMs);
  return { params, problems };
}

export type SetupTestParams = Omit<MethodParams<'environments.testSetup'>, 'id' | 'runId'>;

// A setup test needs these fields right; a typo in the others (say, the time limit) does not stop it.
const SETUP_TEST_FIELDS: readonly DraftField[] = ['repoPath', 'envVars', 'secrets', 'cpus', 'memoryGiB', 'pidsLimit'];

/** The form as environments.testSetup takes it, or the problems to fix first. */
export function setupTestParamsOf(draft: EnvironmentDraft): { params: SetupTestParams; problems: DraftProblems } {
  const { params, problems: all } = paramsOf(draft);
  const problems: DraftProblems = Object.fromEntries(Object.entries(all).filter(([field]) => SETUP_TEST_FIELDS.includes(field as DraftField)));
  return {
    params: {
      repoPath: params.repoPath,
      baseBranch: params.baseBranch ?? null,
      setupScript: draft.setupScript,
      envVars: params.envVars ?? {},
      secrets: params.secrets ?? {},
      cpus: params.cpus ?? null,
      memoryBytes: params.memoryBytes ?? null,
      pidsLimit: params.pidsLimit ?? null,
    },
    problems,
  };
}
