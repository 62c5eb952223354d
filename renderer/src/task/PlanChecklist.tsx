import type { PlanStep } from '../../../shared/events';

const MARKS: Record<PlanStep['status'], string> = { pending: '○', in_progress: '◐', completed: '✓' };
const SPOKEN: Record<PlanStep['status'], string> = { pending: 'to do', in_progress: 'in progress', completed: 'done' };

/**
 * The agent's plan (update_plan) as a checklist, the latest state of each step. Once its turn
 * is over (finished, failed, cancelled or retried) a step left in progress was not finished.
 */
export function PlanChecklist({ plan, explanation, live }: { plan: PlanStep[]; explanation: string | null; live: boolean }) {
  const done = plan.filter((s) => s.status === 'completed').length;
  const stopped = (status: PlanStep['status']): boolean => !live && status === 'in_progress';
  return (
    <section className="tv-plan" aria-label="Plan">
      <div className="tv-plan-head">
        Plan <span className="muted">{done} of {plan.length} done</span>
      </div>
      {explanation && <p className="tv-plan-explanation">{explanation}</p>}
      <ul>
        {plan.map((step, i) => (
          <li key={i} className={`tv-plan-step tv-plan-${stopped(step.status) ? 'stopped' : step.status}`}>
            <span className="tv-plan-mark" aria-hidden="true">
              {stopped(step.status) ? '–' : MARKS[step.status]}
            </span>
            <span>{step.step}</span>
            {stopped(step.status) ? <span className="muted"> (not finished)</span> : <span className="tv-visually-hidden">({SPOKEN[step.status]})</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
