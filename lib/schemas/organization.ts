import { z } from 'zod';
import { ZEmailSchema } from './user';

// Words that would collide with routes (/vendors/new, /api/…) or impersonate the platform.
export const RESERVED_SLUGS = new Set([
  'new', 'admin', 'api', 'settings', 'assay', 'vendors', 'vendor', 'dashboard', 'signin', 'signup',
  'signout', 'reset', 'invite', 'review', 'catalog', 'products', 'static', 'public', 'help', 'support',
  'about', 'login', 'logout', 'me', 'www', 'root', 'system', 'null', 'undefined',
]);

export const ZOrganizationSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, 'Use at least 2 characters')
  .max(40, 'Use at most 40 characters')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single hyphens (not at the start or end)')
  .refine((s) => !RESERVED_SLUGS.has(s), 'This name is reserved; choose another')
  .describe('URL name of the organization, e.g. acme (lowercase letters, digits, hyphens; 2–40)');

const optionalUrl = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
  z
    .string()
    .trim()
    .max(300, 'Use at most 300 characters')
    .url('Enter a full URL starting with https://')
    .refine((u) => /^https?:\/\//.test(u), 'Use an http(s) URL')
    .nullable()
    .optional(),
);

const lookasideUrls = z.preprocess(
  // Forms send one URL per line; the API sends an array.
  (v) => (typeof v === 'string' ? v.split(/\r?\n/).map((s) => s.trim()).filter(Boolean) : v),
  z
    .array(z.string().trim().url('Each lookaside location must be a full URL').refine((u) => /^(https?|file):\/\//.test(u), 'Use http(s) URLs'))
    .max(10, 'At most 10 lookaside locations'),
);

export const ZCreateOrganizationSchema = z.object({
  name: z.string().trim().min(2, 'Use at least 2 characters').max(100, 'Use at most 100 characters').describe('Display name of the vendor'),
  slug: ZOrganizationSlugSchema,
  description: z.string().trim().max(2000, 'Use at most 2000 characters').default('').describe('What the vendor makes'),
  website: optionalUrl.describe('Vendor website'),
});

export const ZOrganizationProfileSchema = z
  .object({
    name: ZCreateOrganizationSchema.shape.name.optional(),
    description: ZCreateOrganizationSchema.shape.description.optional(),
    website: optionalUrl.describe('Vendor website'),
    lookasideUrls: lookasideUrls.optional().describe('Where the vendor publishes GPG simple-signing signatures (sigstore lookaside)'),
  })
  .strict();

export const MEMBERSHIP_ROLES = ['owner', 'member'] as const;
export const ZMembershipRoleSchema = z.enum(MEMBERSHIP_ROLES).describe('owner or member');

export const ZCreateInvitationSchema = z.object({
  email: z
    .preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), ZEmailSchema.optional())
    .describe('Bind the invitation to this address and email the link to it (optional)'),
  role: ZMembershipRoleSchema.default('member'),
});

export const ZChangeMemberRoleSchema = z.object({ role: ZMembershipRoleSchema });

export type TCreateOrganization = z.infer<typeof ZCreateOrganizationSchema>;
export type TOrganizationProfile = z.infer<typeof ZOrganizationProfileSchema>;
export type TCreateInvitation = z.infer<typeof ZCreateInvitationSchema>;
