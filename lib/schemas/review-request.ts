import { z } from 'zod';

export const ZRequestReviewSchema = z.object({
  justification: z
    .string({ error: 'Explain why a reviewer should look at it' })
    .trim()
    .min(10, 'Explain in at least 10 characters why a reviewer should look at it')
    .max(4000, 'Use at most 4000 characters')
    .describe('Why the failed checks should be waived or excepted (shown to the reviewer and in the audit log)'),
});

export type TRequestReview = z.infer<typeof ZRequestReviewSchema>;
