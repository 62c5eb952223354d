/**
 * The one place Monaco is loaded and configured: the editor core, syntax colouring for
 * common languages, and its web worker bundled locally (the UI loads nothing from the
 * network). Import `monaco` from here, never from 'monaco-editor' directly.
 */
import * as monaco from 'monaco-editor/esm/vs/editor/edcore.main.js';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import 'monaco-editor/esm/vs/basic-languages/cpp/cpp.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/csharp/csharp.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/css/css.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/dockerfile/dockerfile.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/go/go.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/html/html.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/ini/ini.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/java/java.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/javascript/javascript.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/kotlin/kotlin.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/less/less.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/lua/lua.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/markdown/markdown.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/php/php.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/powershell/powershell.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/python/python.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/ruby/ruby.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/rust/rust.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/scss/scss.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/shell/shell.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/sql/sql.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/swift/swift.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/typescript/typescript.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/xml/xml.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

export { monaco };

// JSON has no colouring of its own without its language service; JavaScript's reads it well.
const ALIASES: Record<string, string> = { json: 'javascript', jsonc: 'javascript', json5: 'javascript', mjs: 'javascript', cjs: 'javascript', mts: 'typescript', cts: 'typescript' };

/** A Monaco language id for a path, from the registered languages' extensions and file names. */
export function languageOf(path: string): string {
  const name = (path.split('/').pop() ?? path).toLowerCase();
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot) : '';
  const alias = ALIASES[extension.slice(1)];
  if (alias) return alias;
  for (const language of monaco.languages.getLanguages()) {
    if (language.filenames?.some((f) => f.toLowerCase() === name)) return language.id;
    if (extension && language.extensions?.some((e) => e.toLowerCase() === extension)) return language.id;
  }
  return 'plaintext';
}

function hexOf(cssColor: string): string | null {
  const [r, g, b] = (cssColor.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  if (r === undefined || g === undefined || b === undefined) return null;
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** The page's panel colour, resolved (the app's colours are light-dark() pairs). */
function panelColor(): string {
  const probe = document.createElement('div');
  probe.style.background = 'var(--panel, #ffffff)';
  document.body.append(probe);
  const color = getComputedStyle(probe).backgroundColor;
  probe.remove();
  return color;
}

/**
 * Monaco's theme follows the page, whatever set it (the OS or the app's setting): dark on a
 * dark page, with the editor on the same background as the panels around it.
 */
export function followPageTheme(): () => void {
  const apply = (): void => {
    const color = panelColor();
    const [r = 255, g = 255, b = 255] = (color.match(/\d+(\.\d+)?/g) ?? []).map(Number);
    const dark = 0.2126 * r + 0.7152 * g + 0.0722 * b < 128;
    const background = hexOf(color);
    const name = dark ? 'codebay-dark' : 'codebay-light';
    monaco.editor.defineTheme(name, {
      base: dark ? 'vs-dark' : 'vs',
      inherit: true,
      rules: [],
      colors: background ? { 'editor.background': background, 'editorGutter.background': background } : {},
    });
    monaco.editor.setTheme(name);
  };
  apply();
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', apply);
  const observer = new MutationObserver(apply);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class', 'style'] });
  return () => {
    media.removeEventListener('change', apply);
    observer.disconnect();
  };
}
