import type { PlanStep } from '../../../shared/events';

const MARKS: Record<PlanStep['status'], string> = { pending: '○', in_progress: '◐', completed: '✓' };
const SPOKEN: Record<PlanStep['status'], string> = { pending: 'to do', in_progress: 'in progress', completed: 'done' };

/** The agent's plan (update_plan) as a checklist, the latest state of each step. */
export function PlanChecklist({ plan, explanation }: { plan: PlanStep[]; explanation: string | null }) {
  const done = plan.filter((s) => s.status === 'completed').length;
  return (
    <section className="tv-plan" aria-label="Plan">
      <div className="tv-plan-head">
        Plan <span className="muted">{done} of {plan.length} done</span>
      </div>
      {explanation && <p className="tv-plan-explanation">{explanation}</p>}
      <ul>
        {plan.map((step, i) => (
          <li key={i} className={`tv-plan-step tv-plan-${step.status}`}>
            <span className="tv-plan-mark" aria-hidden="true">
              {MARKS[step.status]}
            </span>
            <span>{step.step}</span>
            <span className="tv-visually-hidden">({SPOKEN[step.status]})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
