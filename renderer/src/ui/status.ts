import { FINAL_STATUSES, type TaskStatus } from '../../../shared/events';

const LABELS: Record<TaskStatus, string> = {
  queued: 'Queued',
  preparing: 'Preparing',
  running: 'Running',
  succeeded: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};

export function statusLabel(status: TaskStatus): string {
  return LABELS[status];
}

/** "Running · agent": the status with the phase inside it, when there is one. */
export function statusText(status: TaskStatus, phase: string | null): string {
  return phase && !isFinal(status) ? `${LABELS[status]} · ${phase}` : LABELS[status];
}

export function isFinal(status: TaskStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

export function isActive(status: TaskStatus): boolean {
  return !isFinal(status);
}
