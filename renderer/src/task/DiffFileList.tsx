import { type KeyboardEvent, useMemo } from 'react';
import type { DiffFileView } from '../../../shared/types';
import { DiffCounts } from '../ui/DiffCounts';

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/** The files by folder, in the order the list shows them. */
export function groupByFolder(files: readonly DiffFileView[]): Array<[string, DiffFileView[]]> {
  const byFolder = new Map<string, DiffFileView[]>();
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const folder = folderOf(file.path);
    const list = byFolder.get(folder);
    if (list) list.push(file);
    else byFolder.set(folder, [file]);
  }
  return [...byFolder.entries()];
}

const NONE_VIEWED: ReadonlySet<string> = new Set();

interface DiffFileListProps {
  files: DiffFileView[];
  selected: string | null;
  onSelect: (path: string) => void;
  /** Files the reader marked as viewed; they show a check and fade. */
  viewed?: ReadonlySet<string>;
}

/** Changed files grouped by folder, each with its +/− counts; arrows move the selection. */
export function DiffFileList({ files, selected, onSelect, viewed = NONE_VIEWED }: DiffFileListProps) {
  const groups = useMemo(() => groupByFolder(files), [files]);
  const ordered = groups.flatMap(([, list]) => list);

  const onKey = (e: KeyboardEvent): void => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const at = ordered.findIndex((f) => f.path === selected);
    const next = ordered[Math.min(ordered.length - 1, Math.max(0, at + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (next) {
      onSelect(next.path);
      e.currentTarget.querySelector<HTMLElement>(`[data-path="${CSS.escape(next.path)}"]`)?.focus();
    }
  };

  return (
    <div className="tv-files" role="listbox" aria-label="Changed files" onKeyDown={onKey}>
      {groups.map(([folder, list]) => (
        <div key={folder} role="group" aria-label={folder || 'Repository root'}>
          {folder && (
            <div className="tv-folder" title={folder}>
              {folder}/
            </div>
          )}
          {list.map((file) => {
            const name = file.path.slice(folder ? folder.length + 1 : 0);
            const status = file.status.charAt(0).toUpperCase();
            return (
              <div
                key={file.path}
                role="option"
                aria-selected={file.path === selected}
                tabIndex={file.path === selected || (selected === null && file === ordered[0]) ? 0 : -1}
                data-path={file.path}
                className={`tv-file${folder ? ' tv-file-nested' : ''}${viewed.has(file.path) ? ' tv-file-viewed' : ''}`}
                title={file.oldPath ? `${file.oldPath} → ${file.path}` : file.path}
                onClick={() => onSelect(file.path)}
              >
                <span className={`tv-file-status tv-file-status-${status}`} title={file.status}>
                  {status}
                </span>
                <span className="tv-file-name">{name}</span>
                {viewed.has(file.path) && (
                  <span className="tv-file-viewed-mark" title="Viewed">
                    ✓<span className="tv-visually-hidden"> viewed</span>
                  </span>
                )}
                {file.binary ? <span className="muted">binary</span> : <DiffCounts added={file.added} removed={file.removed} />}
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
}
