import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDir } from '../../electron/paths.js';

describe('data dir', () => {
  it('prefers CODEBAY_HOME', () => {
    expect(dataDir({ CODEBAY_HOME: '/srv/cb' }, 'linux', '/home/u')).toBe('/srv/cb');
    expect(dataDir({ CODEBAY_HOME: 'rel' }, 'linux', '/home/u')).toBe(path.resolve('rel'));
  });

  it('follows each OS convention', () => {
    expect(dataDir({}, 'linux', '/home/u')).toBe('/home/u/.local/share/codebay');
    expect(dataDir({ XDG_DATA_HOME: '/x' }, 'linux', '/home/u')).toBe('/x/codebay');
    expect(dataDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/Codebay');
    expect(dataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toBe(
      path.join('C:\\Users\\u\\AppData\\Roaming', 'Codebay'),
    );
  });
});
