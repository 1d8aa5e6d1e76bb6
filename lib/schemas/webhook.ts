import { z } from 'zod';
import { SUBMISSION_STATUSES } from '../server/submissions/status-machine';

export const WEBHOOK_EVENT_TYPES = [...SUBMISSION_STATUSES.map((s) => `dev.assay.submission.${s}`), 'dev.assay.submission.*'] as const;

export const ZCreateWebhookSchema = z.object({
  url: z
    .string()
    .trim()
    .max(2000, 'Use at most 2000 characters')
    .url('Enter a full URL, e.g. https://ci.example.com/hooks/assay')
    .refine((u) => /^https?:$/.test(new URL(u).protocol), 'Use an http:// or https:// URL')
    .refine((u) => !new URL(u).username && !new URL(u).password, 'Put no credentials in the URL; verify the signature instead')
    .describe('Where the platform POSTs CloudEvents'),
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES))
    .max(WEBHOOK_EVENT_TYPES.length)
    .default([])
    .describe('Event types to send (dev.assay.submission.<status>, or dev.assay.submission.*); empty for all'),
});

export type CreateWebhookInput = z.input<typeof ZCreateWebhookSchema>;
