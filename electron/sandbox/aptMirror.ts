import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface AptSource {
  uri: string;
  suites: string[];
  components: string[];
}

/** Parses both the one-line (`deb URI suite comps`) and the deb822 (`Types: deb`) forms. */
export function parseAptSources(text: string, deb822: boolean): AptSource[] {
  return deb822 ? parseDeb822(text) : parseOneLine(text);
}

function parseOneLine(text: string): AptSource[] {
  const sources: AptSource[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line.startsWith('deb ')) continue;
    const words = line.slice(4).replace(/\[[^\]]*\]/, ' ').trim().split(/\s+/);
    const [uri, suite, ...components] = words;
    if (uri && suite) sources.push({ uri, suites: [suite], components });
  }
  return sources;
}

function parseDeb822(text: string): AptSource[] {
  const sources: AptSource[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const raw of stanza.split('\n')) {
      if (raw.startsWith('#')) continue;
      const match = /^([A-Za-z-]+):\s*(.*)$/.exec(raw);
      if (match?.[1] && match[2] !== undefined) fields.set(match[1].toLowerCase(), match[2].trim());
    }
    const types = (fields.get('types') ?? '').split(/\s+/);
    if (!types.includes('deb') || fields.get('enabled') === 'no') continue;
    const suites = (fields.get('suites') ?? '').split(/\s+/).filter(Boolean);
    const components = (fields.get('components') ?? '').split(/\s+/).filter(Boolean);
    for (const uri of (fields.get('uris') ?? '').split(/\s+/).filter(Boolean)) {
      sources.push({ uri, suites, components });
    }
  }
  return sources;
}

/** The first http(s) source serving `suite` with the main component. */
export function pickMirror(sources: AptSource[], suite: string): string | undefined {
  const found = sources.find(
    (s) => /^https?:\/\//.test(s.uri) && s.suites.includes(suite) && s.components.includes('main'),
  );
  return found?.uri.replace(/\/+$/, '');
}

/** Reads the machine's own apt sources; the mirror is never stored in the repository. */
export function machineAptMirror(suite = 'bookworm', etcApt = '/etc/apt'): string {
  const sources: AptSource[] = [];
  const files: Array<[string, boolean]> = [[path.join(etcApt, 'sources.list'), false]];
  const dir = path.join(etcApt, 'sources.list.d');
  try {
    for (const name of readdirSync(dir).sort()) {
      if (name.endsWith('.list')) files.push([path.join(dir, name), false]);
      if (name.endsWith('.sources')) files.push([path.join(dir, name), true]);
    }
  } catch {
    // No sources.list.d: only the main file is read.
  }
  for (const [file, deb822] of files) {
    try {
      sources.push(...parseAptSources(readFileSync(file, 'utf8'), deb822));
    } catch {
      // A missing or unreadable file adds no sources.
    }
  }
  const mirror = pickMirror(sources, suite);
  if (!mirror) {
    throw new Error(
      `No Debian ${suite} apt source with component "main" was found under ${etcApt}. ` +
        'Set CODEBAY_APT_MIRROR to a Debian mirror URL, or build with --method dockerfile on a machine with a registry.',
    );
  }
  return mirror;
}
