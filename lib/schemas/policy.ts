import { z } from 'zod';

export const ZCreatePolicyVersionSchema = z.object({
  document: z
    .union([z.string().min(2, 'Paste the policy as JSON'), z.record(z.string(), z.unknown())])
    .describe('The policy document (JSON text or object), validated against certification/policy.schema.json'),
  activate: z.boolean().default(true).describe('Make this version the one new submissions are judged by'),
});

export type TCreatePolicyVersion = z.infer<typeof ZCreatePolicyVersionSchema>;
