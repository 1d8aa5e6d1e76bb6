import { z } from 'zod';
import { ZPaginationSchema } from '../api/pagination';

const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(max).optional());

// "2026-11-28" or a full ISO timestamp. A bare date as the upper bound means the end of that day.
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const optionalDate = (endOfDay: boolean) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z
      .string()
      .trim()
      .refine((s) => !Number.isNaN(Date.parse(s)), 'Expected a date like 2026-11-28 or an ISO timestamp')
      .transform((s) => {
        const d = new Date(s);
        if (endOfDay && DATE_ONLY.test(s)) d.setUTCHours(23, 59, 59, 999);
        return d;
      })
      .optional(),
  );

/** The audit log's filters, shared by the page, the JSON API and the JSON-lines export. */
export const ZAuditFilterSchema = z.object({
  action: optionalText(100).describe('Exact action, e.g. organization.verify; a trailing * matches a prefix (user.*)'),
  actor: optionalText(254).describe('Part of the actor: a user’s email or an API token’s name'),
  organization: optionalText(100).describe('Organization slug or id'),
  objectType: optionalText(100).describe('Object type, e.g. user, organization, api-token'),
  objectId: optionalText(100).describe('Object id'),
  from: optionalDate(false).describe('Events at or after this time (UTC)'),
  to: optionalDate(true).describe('Events at or before this time (UTC); a bare date includes the whole day'),
});

export const ZAuditQuerySchema = ZPaginationSchema.extend(ZAuditFilterSchema.shape);

export type TAuditFilter = z.infer<typeof ZAuditFilterSchema>;
export type TAuditQuery = z.infer<typeof ZAuditQuerySchema>;

/** The filter names, in the order the UI and export links carry them. */
export const AUDIT_FILTER_KEYS = ['action', 'actor', 'organization', 'objectType', 'objectId', 'from', 'to'] as const;
