/** "+12 −3" in green and red; nothing when there is no change. */
export function DiffCounts({ added, removed, className }: { added: number; removed: number; className?: string }) {
  if (added === 0 && removed === 0) return null;
  return (
    <span className={className ? `diff-counts ${className}` : 'diff-counts'} aria-label={`${added} lines added, ${removed} lines removed`}>
      <span className="added">+{added.toLocaleString()}</span> <span className="removed">−{removed.toLocaleString()}</span>
    </span>
  );
}
