import { z } from 'zod';

// Reviewer work: the queue's filters, decisions, comments and waivers.

export const REVIEW_QUEUE_STATUSES = ['awaiting-review', 'checks-failed', 'changes-requested'] as const;

export const ZReviewQueueQuerySchema = z.object({
  status: z.enum(REVIEW_QUEUE_STATUSES).optional().describe('Which queue: awaiting-review (default), checks-failed or changes-requested'),
  vendor: z.string().trim().max(64).optional().describe('Only this vendor (organization slug)'),
  minAgeDays: z.coerce.number().int().min(0).max(3650).optional().describe('Only submissions waiting at least this many days'),
  failingCheck: z.string().trim().max(120).optional().describe('Only submissions where this check id failed'),
});

export const DECISIONS = ['approve', 'request-changes', 'reject'] as const;

export const ZDecisionSchema = z.object({
  decision: z.enum(DECISIONS, 'Choose approve, request-changes or reject').describe('approve, request-changes or reject'),
  reason: z.string().trim().min(1, 'Give a reason').max(4000, 'Use at most 4000 characters').describe('Why — shown to the vendor and kept in the audit log'),
});

export const ZCommentSchema = z.object({
  body: z.string().trim().min(1, 'Write a comment').max(8000, 'Use at most 8000 characters').describe('The comment text'),
  parentId: z.string().trim().max(64).optional().describe('The comment this one replies to'),
});

export const WAIVER_KINDS = ['check', 'finding', 'policy-exception'] as const;
export const WAIVER_REASONS = ['false-positive', 'not-affected', 'mitigated', 'no-fix-available', 'accepted-risk'] as const;

export const ZGrantWaiverSchema = z.object({
  kind: z.enum(WAIVER_KINDS, 'Choose check, finding or policy-exception').describe('What is waived: a failed check, a finding, or a policy exception for a check'),
  target: z.string().trim().min(1, 'Name the check id or finding key').max(300, 'Use at most 300 characters').describe('Check id (check, policy-exception) or finding key (finding)'),
  reason: z.enum(WAIVER_REASONS, 'Choose a reason').describe('false-positive, not-affected, mitigated, no-fix-available or accepted-risk'),
  justification: z.string().trim().min(10, 'Explain in at least 10 characters').max(4000, 'Use at most 4000 characters').describe('Why the waiver is safe'),
  // A date-only expiry covers that whole day (UTC), as the engine's waivers file does.
  expiresAt: z
    .preprocess((v) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v.trim()) ? `${v.trim()}T23:59:59.999Z` : v), z.coerce.date('Give an expiry date'))
    .refine((d) => d.getTime() > Date.now(), 'The expiry must be in the future')
    .describe('When the waiver stops applying (ISO-8601 date or timestamp)'),
});

export const ZRevokeWaiverSchema = z.object({
  reason: z.string().trim().max(2000).optional().describe('Why the waiver is revoked'),
});
