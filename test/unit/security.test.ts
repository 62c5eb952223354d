import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, isSafeExternalUrl, secureWebPreferences } from '../../electron/security.js';
import { repoRoot } from '../support/cli.js';

describe('Electron window security', () => {
  it('isolates the renderer from Node', () => {
    const prefs = secureWebPreferences('/app/preload.cjs');
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/preload.cjs',
    });
  });

  it('has a strict content security policy', () => {
    const csp = contentSecurityPolicy(['ws://127.0.0.1:5000']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:5000");
  });

  it('opens only web and mail links outside the app', () => {
    expect(isSafeExternalUrl('https://github.com/o/r/compare/main...b')).toBe(true);
    expect(isSafeExternalUrl('mailto:a@b.c')).toBe(true);
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isSafeExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isSafeExternalUrl('not a url')).toBe(false);
  });

  it('wires those settings into the window, blocks navigation and new windows', () => {
    const main = readFileSync(path.join(repoRoot, 'electron', 'main.ts'), 'utf8');
    expect(main).toContain('webPreferences: secureWebPreferences(');
    expect(main).toMatch(/setWindowOpenHandler\([\s\S]*action: 'deny'/);
    expect(main).toMatch(/will-navigate[\s\S]*preventDefault\(\)/);
    const preload = readFileSync(path.join(repoRoot, 'electron', 'preload.ts'), 'utf8');
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(preload).toContain("exposeInMainWorld('codebay'");
  });
});
