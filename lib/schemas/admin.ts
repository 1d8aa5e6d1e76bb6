import { z } from 'zod';
import { ZPaginationSchema } from '../api/pagination';

export const PLATFORM_ROLES = ['user', 'reviewer', 'admin'] as const;

// Empty query-string values ("?q=") mean "no filter", not "match the empty string".
const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(max).optional());

export const ZListUsersQuerySchema = ZPaginationSchema.extend({
  q: optionalText(200).describe('Search in email and name'),
  role: z
    .preprocess((v) => (v === '' ? undefined : v), z.enum(PLATFORM_ROLES).optional())
    .describe('Only users with this platform role'),
});

export const ZUpdateUserSchema = z
  .object({
    platformRole: z.enum(PLATFORM_ROLES).optional().describe('New platform role: user, reviewer or admin'),
    disabled: z.boolean().optional().describe('true disables the account and ends its sessions; false enables it'),
  })
  .strict()
  .refine((v) => v.platformRole !== undefined || v.disabled !== undefined, {
    message: 'Give platformRole or disabled',
    path: ['platformRole'],
  });

export const ZListOrganizationsQuerySchema = ZPaginationSchema.extend({
  q: optionalText(200).describe('Search in slug and name'),
  verified: z
    .preprocess((v) => (v === '' ? undefined : v), z.enum(['true', 'false']).optional())
    .transform((v) => (v === undefined ? undefined : v === 'true'))
    .describe('Only verified (true) or unverified (false) organizations'),
});

export const ZUpdateOrganizationSchema = z
  .object({ verified: z.boolean().describe('Whether the platform vouches for this vendor’s identity') })
  .strict();

export const ZListOutboxQuerySchema = ZPaginationSchema.extend({
  q: optionalText(254).describe('Search in recipient and subject'),
});

export type TListUsersQuery = z.infer<typeof ZListUsersQuerySchema>;
export type TUpdateUser = z.infer<typeof ZUpdateUserSchema>;
export type TListOrganizationsQuery = z.infer<typeof ZListOrganizationsQuerySchema>;
export type TUpdateOrganization = z.infer<typeof ZUpdateOrganizationSchema>;
export type TListOutboxQuery = z.infer<typeof ZListOutboxQuerySchema>;
