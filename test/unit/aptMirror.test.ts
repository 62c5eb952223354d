import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { machineAptMirror, parseAptSources, pickMirror } from '../../electron/sandbox/aptMirror.js';

describe('apt mirror discovery', () => {
  it('reads one-line sources, skipping comments, deb-src and options', () => {
    const sources = parseAptSources(
      [
        '# deb http://old.example/debian bookworm main',
        'deb-src http://src.example/debian bookworm main',
        'deb [arch=amd64 signed-by=/k.gpg] http://mirror.example/debian/ bookworm main contrib',
      ].join('\n'),
      false,
    );
    expect(sources).toEqual([{ uri: 'http://mirror.example/debian/', suites: ['bookworm'], components: ['main', 'contrib'] }]);
    expect(pickMirror(sources, 'bookworm')).toBe('http://mirror.example/debian');
  });

  it('reads deb822 stanzas and ignores disabled ones and other suites', () => {
    const text = [
      'Types: deb',
      'URIs: http://disabled.example/debian',
      'Suites: bookworm',
      'Components: main',
      'Enabled: no',
      '',
      'Types: deb',
      '# a comment inside',
      'URIs: http://security.example/debian-security',
      'Suites: bookworm-security',
      'Components: main',
      '',
      'Types: deb deb-src',
      'URIs: https://good.example/debian',
      'Suites: bookworm bookworm-updates',
      'Components: main',
    ].join('\n');
    expect(pickMirror(parseAptSources(text, true), 'bookworm')).toBe('https://good.example/debian');
  });

  it('collects sources.list and sources.list.d, and explains when none fits', () => {
    const etc = mkdtempSync(path.join(os.tmpdir(), 'apt-'));
    mkdirSync(path.join(etc, 'sources.list.d'));
    writeFileSync(path.join(etc, 'sources.list.d', 'other.list'), 'deb https://vendor.example/apt stable main\n');
    expect(() => machineAptMirror('bookworm', etc)).toThrow(/No Debian bookworm apt source.*CODEBAY_APT_MIRROR/);
    writeFileSync(path.join(etc, 'sources.list.d', 'debian.sources'), 'Types: deb\nURIs: http://m.example/debian\nSuites: bookworm\nComponents: main\n');
    expect(machineAptMirror('bookworm', etc)).toBe('http://m.example/debian');
  });
});
