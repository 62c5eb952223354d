// Monaco's editor core without the language services (TypeScript, CSS, HTML and JSON
// workers), which a read-only diff view does not need; its API is the package's.
declare module 'monaco-editor/esm/vs/editor/edcore.main.js' {
  export * from 'monaco-editor';
}
