import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { electronCheck, latestElectronMajor, pinnedElectronMajor, SUPPORTED_MAJORS } from '../../electron/electronSupport.js';

describe('the Electron support window', () => {
  it('passes a pinned major among the three newest', () => {
    expect(electronCheck(45, 45)).toMatchObject({ ok: true, detail: 'Electron 45, among the 3 newest majors (43–45) that get Chromium security fixes' });
    expect(electronCheck(43, 45).warning).toBeUndefined();
  });

  it('warns, with the fix, once the pinned major falls out', () => {
    const check = electronCheck(42, 45);
    expect(check).toMatchObject({ ok: true, warning: true, detail: 'Electron 42 no longer gets Chromium security fixes: only 43–45 do' });
    expect(check.fix).toContain('^45.0.0');
  });

  it('says the window was not checked when the registry cannot be asked, without failing', () => {
    const check = electronCheck(45, new Error('getaddrinfo ENOTFOUND registry.example'));
    expect(check.ok).toBe(true);
    expect(check.warning).toBeUndefined();
    expect(check.detail).toContain('not checked (npm registry: getaddrinfo ENOTFOUND registry.example)');
  });
});

describe('package.json', () => {
  it('pins an Electron major that still gets Chromium security fixes (asks the npm registry)', async () => {
    const pinned = await pinnedElectronMajor();
    const range = (JSON.parse(readFileSync('package.json', 'utf8')) as { devDependencies: Record<string, string> }).devDependencies.electron;
    expect(range).toMatch(new RegExp(`^\\^${pinned}\\.`));
    const latest = await latestElectronMajor();
    expect(pinned, `Electron ${latest} is out: move package.json's electron from ${range} to a major within the newest ${SUPPORTED_MAJORS}`).toBeGreaterThan(latest - SUPPORTED_MAJORS);
  });
});
