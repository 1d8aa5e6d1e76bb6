import { z } from 'zod';
import { TOKEN_SCOPES } from '../auth/permissions';

export const TOKEN_EXPIRY_DEFAULT_DAYS = 90;

export const ZCreateApiTokenSchema = z.object({
  name: z.string().trim().min(1, 'Give the token a name').max(80, 'Use at most 80 characters').describe('What the token is for, e.g. "GitHub Actions"'),
  scopes: z
    .preprocess(
      (v) => (typeof v === 'string' ? [v] : (v ?? [])),
      z.array(z.enum(TOKEN_SCOPES, { message: 'Unknown scope' })).min(1, 'Choose at least one scope'),
    )
    .describe(`Permissions the token carries (a subset of yours): ${TOKEN_SCOPES.join(', ')}`),
  expiresInDays: z
    .preprocess(
      (v) => (v === undefined || v === '' ? TOKEN_EXPIRY_DEFAULT_DAYS : v === 'never' || v === null ? null : v),
      z.coerce.number().int('Whole days only').min(1, 'At least 1 day').max(365, 'At most 365 days').nullable(),
    )
    .describe('Days until the token expires (1–365), or null for never; default 90'),
});

export type TCreateApiToken = z.infer<typeof ZCreateApiTokenSchema>;
