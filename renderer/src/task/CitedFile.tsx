import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { MethodResult } from '../../../shared/protocol';
import { bridge } from '../bridge';
import { Alert } from '../ui/Alert';
import { EmptyState } from '../ui/EmptyState';
import { errorMessage } from '../ui/errorMessage';
import { followPageTheme, languageOf, monaco } from '../ui/monacoSetup';
import { Spinner } from '../ui/Spinner';
import type { FileTarget } from './taskSession';

type Loaded = { kind: 'loading' } | { kind: 'ready'; file: MethodResult<'tasks.fileAt'> } | { kind: 'failed'; message: string };

/** A read-only Monaco view of one file at the task's commit, its cited lines marked and in view. */
function FileEditor({ path, content, target }: { path: string; content: string; target: FileTarget }) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);

  useLayoutEffect(() => {
    if (!host.current) return;
    const stopTheme = followPageTheme();
    const model = monaco.editor.createModel(content, languageOf(path));
    const editor = monaco.editor.create(host.current, {
      model,
      readOnly: true,
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 12.5,
      lineHeight: 19,
      contextmenu: false,
      ariaLabel: `${path}, read only`,
    });
    editorRef.current = editor;
    return () => {
      editor.dispose();
      model.dispose();
      editorRef.current = null;
      stopTheme();
    };
  }, [path, content]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || target.start < 1) return;
    const lastLine = editor.getModel()?.getLineCount() ?? 1;
    const start = Math.min(target.start, lastLine);
    const end = Math.min(Math.max(start, target.end), lastLine);
    const marks = editor.createDecorationsCollection([
      { range: new monaco.Range(start, 1, end, 1), options: { isWholeLine: true, className: 'tv-cited-line', linesDecorationsClassName: 'tv-cited-gutter' } },
    ]);
    editor.revealLinesInCenter(start, end);
    editor.setPosition({ lineNumber: start, column: 1 });
    return () => marks.clear();
  }, [target, path, content]);

  return (
    <div className="tv-monaco-stage">
      <div ref={host} className="tv-monaco" data-path={path} data-lines={`${target.start}-${target.end}`} />
    </div>
  );
}

/** A file an answer cited, for tasks that have no diff to show it in (Ask): as the task saw it, read-only. */
export function CitedFile({ taskId, target }: { taskId: string; target: FileTarget }) {
  const [loaded, setLoaded] = useState<{ path: string; value: Loaded }>({ path: target.path, value: { kind: 'loading' } });
  useEffect(() => {
    let current = true;
    setLoaded({ path: target.path, value: { kind: 'loading' } });
    bridge.call('tasks.fileAt', { id: taskId, path: target.path }).then(
      (file) => current && setLoaded({ path: target.path, value: { kind: 'ready', file } }),
      (error: unknown) => current && setLoaded({ path: target.path, value: { kind: 'failed', message: errorMessage(error) } }),
    );
    return () => {
      current = false;
    };
  }, [taskId, target.path]);

  const state = loaded.path === target.path ? loaded.value : { kind: 'loading' as const };
  const lines = target.start > 0 ? (target.start === target.end ? ` · line ${target.start}` : ` · lines ${target.start}–${target.end}`) : '';
  return (
    <div className="tv-diff">
      <div className="tv-toolbar">
        <span className="tv-toolbar-note">
          <span className="mono">{target.path}</span>
          {lines}
          {state.kind === 'ready' && <> · as of commit <span className="mono">{state.file.commit.slice(0, 10)}</span> · read only</>}
        </span>
      </div>
      <div className="tv-diff-body">
        <div className="tv-diff-editor">
          {state.kind === 'loading' && (
            <p className="tv-loading-text">
              <Spinner /> Loading {target.path}…
            </p>
          )}
          {state.kind === 'failed' && <Alert className="tv-diff-alert">{state.message}</Alert>}
          {state.kind === 'ready' && state.file.content === null && (
            <EmptyState icon="box" title={`${target.path} is ${state.file.binary ? 'a binary file' : 'too large to show'}`}>
              Open it in your own checkout.
            </EmptyState>
          )}
          {state.kind === 'ready' && state.file.content !== null && <FileEditor path={target.path} content={state.file.content} target={target} />}
        </div>
      </div>
    </div>
  );
}
