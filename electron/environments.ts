import type { AgentBackendName } from '../shared/agents.js';
import { checkSpecs, type CheckInput } from './tasks/checkSpecs.js';
import path from 'node:path';
import { type SecretStore, envSecretPrefix } from './config/secretStore.js';
import { ActionableError, checkField, FieldError } from './errors.js';
import { resolveBase, validateRepo } from './git/repo.js';
import type { Store } from './store/store.js';
import type { Environment } from './store/types.js';
import { assertPlainLine } from './plainText.js';

export interface EnvironmentForm {
  name: string;
  repoPath: string;
  baseBranch?: string | null;
  image?: string | null;
  setupScript?: string;
  envVars?: Record<string, string>;
  /** Values to set; a key with value null is removed. Values never reach SQLite. */
  secrets?: Record<string, string | null>;
  agentNetwork?: boolean;
  cpus?: number | null;
  memoryBytes?: number | null;
  pidsLimit?: number | null;
  diskBytes?: number | null;
  agent?: AgentBackendName | null;
  checks?: CheckInput[];
  timeLimitMs?: number | null;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkVariableNames(names: string[], what: string): void {
  const bad = names.find((n) => !ENV_NAME.test(n));
  if (bad !== undefined) throw new ActionableError(`${what} name "${bad}" is not a valid variable name`, 'Use letters, digits and _ and start with a letter or _');
}

/** Environments: a repository plus how its sandboxes are set up. Secrets go to the secret store. */
export class EnvironmentService {
  constructor(
    private readonly store: Store,
    private readonly secrets: SecretStore,
  ) {}

  list(): Environment[] {
    return this.store.environments.list();
  }

  /** By id or by name. */
  find(idOrName: string): Environment | undefined {
    return this.store.environments.get(idOrName) ?? this.list().find((e) => e.name === idOrName);
  }

  require(idOrName: string): Environment {
    const found = this.find(idOrName);
    if (!found) throw new ActionableError(`There is no environment "${idOrName}"`, 'List them with `codebay env ls` or create one with `codebay env create`');
    return found;
  }

  async create(form: EnvironmentForm): Promise<Environment> {
    const checked = await this.check(form);
    // The store refuses a name already taken.
    const environment = await checkField('name', () => this.store.environments.create(checked));
    this.saveSecrets(environment.id, form.secrets);
    return this.store.environments.update(environment.id, { secretNames: this.secretNames(environment.id) }) ?? environment;
  }

  async update(idOrName: string, form: Partial<EnvironmentForm>): Promise<Environment> {
    const current = this.require(idOrName);
    const merged: EnvironmentForm = { ...current, repoPath: current.repoPath ?? '', ...form };
    const checked = await this.check(merged);
    this.saveSecrets(current.id, form.secrets);
    return (await checkField('name', () => this.store.environments.update(current.id, { ...checked, secretNames: this.secretNames(current.id) }))) ?? current;
  }

  remove(idOrName: string): void {
    const environment = this.require(idOrName);
    this.store.environments.remove(environment.id);
    this.secrets.deletePrefix(envSecretPrefix(environment.id));
  }

  /** The environment a bare `exec --repo P` uses: the first for that repository, else a new one named after it. */
  async forRepo(repoPath: string): Promise<Environment> {
    const repo = await validateRepo(repoPath);
    const existing = this.list().find((e) => e.repoPath === repo.root);
    if (existing) return existing;
    let name = path.basename(repo.root) || 'repo';
    for (let n = 2; this.find(name); n++) name = `${path.basename(repo.root)}-${n}`;
    return this.create({ name, repoPath: repo.root });
  }

  secretValues(environmentId: string): Record<string, string> {
    return this.secrets.withPrefix(envSecretPrefix(environmentId));
  }

  private secretNames(environmentId: string): string[] {
    return Object.keys(this.secretValues(environmentId)).sort();
  }

  private saveSecrets(environmentId: string, secrets: Record<string, string | null> | undefined): void {
    for (const [name, value] of Object.entries(secrets ?? {})) {
      if (value === null) this.secrets.delete(`${envSecretPrefix(environmentId)}${name}`);
      else this.secrets.set(`${envSecretPrefix(environmentId)}${name}`, value);
    }
  }

  // Each problem names its field (see FieldError), so a form shows it there.
  private async check(form: EnvironmentForm) {
    const name = form.name.trim();
    if (!name) throw new FieldError('name', 'The environment has no name', 'Give it a short name, e.g. the project\'s');
    await checkField('name', () => assertPlainLine(name, `environment name "${name.replace(/[^\x20-\x7e]/g, '?')}"`));
    if (!form.repoPath.trim()) throw new FieldError('repoPath', `Environment "${name}" has no repository`, 'Choose the folder of a git repository');
    const repo = await checkField('repoPath', () => validateRepo(form.repoPath));
    const baseBranch = form.baseBranch?.trim() || null;
    if (baseBranch) await checkField('baseBranch', () => resolveBase(repo.root, baseBranch));
    await checkField('envVars', () => checkVariableNames(Object.keys(form.envVars ?? {}), 'Environment variable'));
    await checkField('secrets', () => checkVariableNames(Object.keys(form.secrets ?? {}), 'Secret'));
    const limits = [['cpus', 'CPU limit', form.cpus], ['memoryBytes', 'memory limit', form.memoryBytes], ['pidsLimit', 'process limit', form.pidsLimit], ['diskBytes', 'disk limit', form.diskBytes], ['timeLimitMs', 'time limit', form.timeLimitMs]] as const;
    for (const [field, label, value] of limits) {
      if (value !== undefined && value !== null && !(Number.isFinite(value) && value > 0)) {
        throw new FieldError(field, `The ${label} ${value} is not a positive number`, 'Leave it empty for the default or give a positive value');
      }
    }
    return {
      name,
      repoPath: repo.root,
      baseBranch,
      image: form.image?.trim() || null,
      setupScript: form.setupScript ?? '',
      envVars: form.envVars ?? {},
      agentNetwork: form.agentNetwork ?? false,
      cpus: form.cpus ?? null,
      memoryBytes: form.memoryBytes ?? null,
      pidsLimit: form.pidsLimit ?? null,
      diskBytes: form.diskBytes ?? null,
      agent: form.agent ?? null,
      checks: await checkField('checks', () => checkSpecs(form.checks ?? [], `environment "${name}"`)),
      timeLimitMs: form.timeLimitMs ?? null,
    };
  }
}
