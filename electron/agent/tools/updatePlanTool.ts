import type { z } from 'zod';
import type { ToolContext } from './toolContext.js';
import type { updatePlanArgs } from './toolArgs.js';

export function runUpdatePlan(args: z.infer<typeof updatePlanArgs>, context: ToolContext): string {
  const explanation = args.explanation?.trim();
  context.emit({ type: 'plan.updated', plan: args.plan, ...(explanation ? { explanation } : {}) });
  return 'Plan updated.';
}
