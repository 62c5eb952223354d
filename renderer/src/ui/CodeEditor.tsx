import { useEffect, useRef, useState } from 'react';
import { errorMessage } from './errorMessage';
import { loadMonaco } from './monaco';

export interface CodeEditorProps {
  /** The text when the editor opens; remount it (change its key) to load another. */
  initialValue: string;
  onChange: (value: string) => void;
  language: string;
  /** The editor's accessible name. */
  label: string;
  height?: number;
  'aria-describedby'?: string;
}

/**
 * A Monaco editor for one text; its editor and model are disposed when it unmounts.
 * It owns its text while open: pushing every keystroke back in as a prop would
 * race with typing and drop characters.
 */
export function CodeEditor({ initialValue, onChange, language, label, height = 180, 'aria-describedby': describedBy }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const onChangeRef = useRef(onChange);
  const initial = useRef(initialValue);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  useEffect(() => {
    let disposed = false;
    let cleanup: (() => void) | undefined;
    loadMonaco().then(
      (monaco) => {
        if (disposed || !host.current) return;
        const model = monaco.editor.createModel(initial.current, language);
        const editor = monaco.editor.create(host.current, {
          model,
          ariaLabel: label,
          automaticLayout: true,
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          fontSize: 12.5,
          lineNumbersMinChars: 3,
          renderLineHighlight: 'none',
          tabSize: 2,
          padding: { top: 6, bottom: 6 },
          scrollbar: { alwaysConsumeMouseWheel: false },
        });
        const listener = model.onDidChangeContent(() => onChangeRef.current(model.getValue()));
        cleanup = () => {
          listener.dispose();
          editor.dispose();
          model.dispose();
        };
      },
      (error: unknown) => setFailure(`The code editor could not load (${errorMessage(error)}); reload the window`),
    );
    return () => {
      disposed = true;
      cleanup?.();
    };
  }, [language, label]);

  if (failure) return <p className="field-error">{failure}</p>;
  return <div ref={host} aria-describedby={describedBy} className="code-editor" style={{ height }} />;
}
