import { Button } from '../ui/Button';
import { Icon } from '../ui/Icon';
import type { VariableRow } from './environmentDraft';

/** Environment variables as editable name = value rows. */
export function VariableRows({ rows, onChange }: { rows: VariableRow[]; onChange: (rows: VariableRow[]) => void }) {
  const edit = (index: number, patch: Partial<VariableRow>): void => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <div className="kv-rows">
      {rows.map((row, index) => (
        <div className="kv-row" key={index}>
          <input aria-label={`Variable ${index + 1} name`} placeholder="NAME" className="mono" value={row.key} onChange={(e) => edit(index, { key: e.target.value })} />
          <span className="kv-eq">=</span>
          <input aria-label={`Variable ${index + 1} value`} placeholder="value" className="mono" value={row.value} onChange={(e) => edit(index, { value: e.target.value })} />
          <button type="button" className="icon-btn" aria-label={`Remove variable ${row.key || index + 1}`} title="Remove" onClick={() => onChange(rows.filter((_, i) => i !== index))}>
            <Icon name="x" size={14} />
          </button>
        </div>
      ))}
      <Button size="sm" variant="ghost" onClick={() => onChange([...rows, { key: '', value: '' }])}>
        <Icon name="plus" size={14} /> Add variable
      </Button>
    </div>
  );
}
