import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DoctorCheck } from '../shared/types.js';
import { errorText } from './errors.js';
import { appRoot } from './paths.js';

/** Electron backports Chromium's security fixes to its newest three majors only. */
export const SUPPORTED_MAJORS = 3;

const REGISTRY_TIMEOUT_MS = 5_000;

/**
 * The Electron major Codebay runs on: the running one inside the app, otherwise the one
 * package.json pins (the CLI and browser mode run under Node, from the checkout).
 */
export async function pinnedElectronMajor(): Promise<number> {
  if (process.versions.electron) return Number(process.versions.electron.split('.')[0]);
  const file = path.join(appRoot(), 'package.json');
  const manifest = JSON.parse(await readFile(file, 'utf8')) as { devDependencies?: Record<string, string>; dependencies?: Record<string, string> };
  const range = manifest.devDependencies?.electron ?? manifest.dependencies?.electron;
  const major = /^[\^~]?(\d+)\./.exec(range ?? '')?.[1];
  if (major === undefined) throw new Error(`${file} pins no Electron version Codebay can read (found ${JSON.stringify(range ?? null)})`);
  return Number(major);
}

/** The newest Electron major on the npm registry (the one npm is configured with, else npmjs.org). */
export async function latestElectronMajor(registry: string = process.env.npm_config_registry || 'https://registry.npmjs.org/'): Promise<number> {
  const url = new URL('electron/latest', registry.endsWith('/') ? registry : `${registry}/`);
  const response = await fetch(url, { signal: AbortSignal.timeout(REGISTRY_TIMEOUT_MS), headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${url.href} answered HTTP ${response.status}`);
  const body = (await response.json()) as { version?: unknown };
  const major = typeof body.version === 'string' ? /^(\d+)\./.exec(body.version)?.[1] : undefined;
  if (major === undefined) throw new Error(`${url.href} named no Electron version`);
  return Number(major);
}

/** The doctor's verdict on a pinned major, given the registry's newest one (or why it could not be asked). */
export function electronCheck(pinned: number, latest: number | Error): DoctorCheck {
  const base = { name: 'electron', label: 'Electron', ok: true } as const;
  if (latest instanceof Error) {
    return { ...base, detail: `Electron ${pinned}; whether it still gets security fixes was not checked (npm registry: ${errorText(latest)})` };
  }
  const oldest = latest - SUPPORTED_MAJORS + 1;
  if (pinned >= oldest) return { ...base, detail: `Electron ${pinned}, among the ${SUPPORTED_MAJORS} newest majors (${oldest}–${latest}) that get Chromium security fixes` };
  return {
    ...base,
    warning: true,
    detail: `Electron ${pinned} no longer gets Chromium security fixes: only ${oldest}–${latest} do`,
    fix: `update Codebay, or from a checkout move package.json's electron to ^${latest}.0.0 and run npm install`,
  };
}

export async function checkElectron(): Promise<DoctorCheck> {
  try {
    const pinned = await pinnedElectronMajor();
    return electronCheck(pinned, await latestElectronMajor().catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))));
  } catch (error) {
    return { name: 'electron', label: 'Electron', ok: true, warning: true, detail: errorText(error) };
  }
}
