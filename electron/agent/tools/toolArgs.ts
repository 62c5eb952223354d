import { z } from 'zod';

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

export type ShellArgs = z.infer<typeof shellArgs>;
