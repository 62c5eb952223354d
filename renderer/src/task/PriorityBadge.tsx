import { type FindingPriority, PRIORITY_LABELS } from '../../../shared/findings';
import './findings.css';

/** "P1", coloured by how much the finding matters; the tooltip says what the level means. */
export function PriorityBadge({ priority }: { priority: FindingPriority }) {
  return (
    <span className={`finding-priority finding-p${priority}`} title={PRIORITY_LABELS[priority]}>
      P{priority}
    </span>
  );
}
