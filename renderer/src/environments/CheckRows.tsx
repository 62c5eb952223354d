import { Button } from '../ui/Button';
import { Icon } from '../ui/Icon';
import type { CheckRow } from './environmentDraft';

/** The environment's checks as editable rows: a name, the command, and its time limit in minutes. */
export function CheckRows({ rows, onChange }: { rows: CheckRow[]; onChange: (rows: CheckRow[]) => void }) {
  const edit = (index: number, patch: Partial<CheckRow>): void => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <div className="kv-rows">
      {rows.map((row, index) => (
        <div className="kv-row check-row-edit" key={index}>
          <input aria-label={`Check ${index + 1} name`} placeholder="tests" value={row.name} onChange={(e) => edit(index, { name: e.target.value })} />
          <input aria-label={`Check ${index + 1} command`} placeholder="python3 -m pytest -q" className="mono" value={row.command} onChange={(e) => edit(index, { command: e.target.value })} />
          <input aria-label={`Check ${index + 1} time limit in minutes`} placeholder="10" inputMode="numeric" className="check-minutes" value={row.minutes} onChange={(e) => edit(index, { minutes: e.target.value })} />
          <button type="button" className="icon-btn" aria-label={`Remove check ${row.name || index + 1}`} title="Remove" onClick={() => onChange(rows.filter((_, i) => i !== index))}>
            <Icon name="x" size={14} />
          </button>
        </div>
      ))}
      <Button size="sm" variant="ghost" onClick={() => onChange([...rows, { name: '', command: '', minutes: '' }])}>
        <Icon name="plus" size={14} /> Add check
      </Button>
    </div>
  );
}
