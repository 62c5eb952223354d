import { z } from 'zod';
import { defineTool } from '../tool.js';

export const updatePlan = defineTool({
  name: 'update_plan',
  description:
    'Shows the user your plan for the task. Send every step each time with its status; ' +
    'keep exactly one step in_progress until all are completed. Skip it for simple tasks.',
  args: z.object({
    explanation: z.string().nullish().describe('Optional: why the plan changed.'),
    plan: z
      .array(
        z.object({
          step: z.string().min(1),
          status: z.enum(['pending', 'in_progress', 'completed']),
        }),
      )
      .describe('The steps, in order.'),
  }),
  offeredIn: () => true,
  emits: ['plan.updated'],
  run: (args, context) => {
    const explanation = args.explanation?.trim();
    context.emit({ type: 'plan.updated', plan: args.plan, ...(explanation ? { explanation } : {}) });
    return 'Plan updated.';
  },
});
