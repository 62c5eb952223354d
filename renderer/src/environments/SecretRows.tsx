import { Button } from '../ui/Button';
import { Icon } from '../ui/Icon';
import type { SecretRow } from './environmentDraft';

/** Secrets by name; values can be set or replaced but are never shown or read back. */
export function SecretRows({ rows, onChange }: { rows: SecretRow[]; onChange: (rows: SecretRow[]) => void }) {
  const edit = (index: number, patch: Partial<SecretRow>): void => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <div className="kv-rows">
      {rows.map((row, index) => (
        <div className={`kv-row secret-${row.state}`} key={index}>
          {row.state === 'new' ? (
            <input aria-label={`Secret ${index + 1} name`} placeholder="NAME" className="mono" value={row.name} onChange={(e) => edit(index, { name: e.target.value })} />
          ) : (
            <span className="secret-name mono">{row.name}</span>
          )}
          <span className="kv-eq">=</span>
          {row.state === 'kept' && <span className="secret-hidden">•••••••• saved</span>}
          {row.state === 'remove' && <span className="secret-hidden">removed when you save</span>}
          {(row.state === 'new' || row.state === 'replace') && (
            <input
              type="password"
              autoComplete="off"
              aria-label={`Secret ${row.name || index + 1} value`}
              placeholder={row.state === 'replace' ? 'new value' : 'value'}
              value={row.value}
              onChange={(e) => edit(index, { value: e.target.value })}
            />
          )}
          {row.state === 'kept' && (
            <>
              <Button size="sm" variant="ghost" onClick={() => edit(index, { state: 'replace' })}>
                Replace
              </Button>
              <Button size="sm" variant="ghost" onClick={() => edit(index, { state: 'remove' })}>
                Remove
              </Button>
            </>
          )}
          {(row.state === 'replace' || row.state === 'remove') && (
            <Button size="sm" variant="ghost" onClick={() => edit(index, { state: 'kept', value: '' })}>
              Keep
            </Button>
          )}
          {row.state === 'new' && (
            <button type="button" className="icon-btn" aria-label={`Remove secret ${row.name || index + 1}`} title="Remove" onClick={() => onChange(rows.filter((_, i) => i !== index))}>
              <Icon name="x" size={14} />
            </button>
          )}
        </div>
      ))}
      <Button size="sm" variant="ghost" onClick={() => onChange([...rows, { name: '', value: '', state: 'new' }])}>
        <Icon name="plus" size={14} /> Add secret
      </Button>
    </div>
  );
}
