import { z } from 'zod';
import { FINDING_BODY_MAX, FINDING_LINE_MAX, FINDING_PATH_MAX, FINDING_TITLE_MAX } from '../../../shared/findings.js';

// Lenient where models are careless in harmless ways: extra keys pass, null stands for absent.
export const shellArgs = z.object({
  // A plain string is accepted too, since local models often send one.
  command: z.union([z.array(z.string()).min(1, 'command must name a program'), z.string().trim().min(1, 'command is empty')]),
  workdir: z.string().nullish(),
  timeout_ms: z.number().positive().nullish(),
});

export const applyPatchArgs = z.object({
  input: z.string().min(1, 'input must hold the whole patch, from *** Begin Patch to *** End Patch'),
});

export const updatePlanArgs = z.object({
  explanation: z.string().nullish(),
  plan: z.array(
    z.object({
      step: z.string().min(1),
      status: z.enum(['pending', 'in_progress', 'completed']),
    }),
  ),
});

const findingLine = z.coerce.number().int('lines are whole numbers').min(1, 'lines count from 1').max(FINDING_LINE_MAX);

export const reportFindingArgs = z.object({
  title: z.string().trim().min(1, 'give the finding a title').max(FINDING_TITLE_MAX, `titles are at most ${FINDING_TITLE_MAX} characters`),
  body: z.string().trim().min(1, 'explain the problem and why it matters').max(FINDING_BODY_MAX, `bodies are at most ${FINDING_BODY_MAX} characters`),
  // "P1" and "1" both mean 1: models write priorities either way.
  priority: z.preprocess(
    (value) => (typeof value === 'string' ? Number(value.trim().replace(/^p/i, '')) : value),
    z.number().int().min(0, 'priority is 0 (blocker) to 3 (nit)').max(3, 'priority is 0 (blocker) to 3 (nit)'),
  ),
  file: z.string().min(1, 'name the file').max(FINDING_PATH_MAX).refine((file) => !/[\u0000-\u001f\u007f]/.test(file), 'the path holds control characters'),
  line_start: findingLine,
  line_end: findingLine.nullish(),
  confidence: z.number().min(0, 'confidence is 0 to 1').max(1, 'confidence is 0 to 1').nullish(),
});

export type ShellArgs = z.infer<typeof shellArgs>;
