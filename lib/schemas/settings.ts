import { z } from 'zod';

// Platform settings admins edit at /admin/settings; stored one row per key in the settings table.
export const ZPlatformSettingsSchema = z.object({
  platformName: z
    .string()
    .trim()
    .min(2, 'Use at least 2 characters')
    .max(40, 'Use at most 40 characters')
    .describe('Name shown in the header and on the home page'),
  defaultTokenExpiryDays: z.coerce
    .number({ message: 'Enter a number of days' })
    .int('Enter a whole number of days')
    .min(1, 'At least 1 day')
    .max(365, 'At most 365 days')
    .describe('Days until a new API token expires, unless its creator picks otherwise'),
});

export type TPlatformSettings = z.infer<typeof ZPlatformSettingsSchema>;

export const DEFAULT_PLATFORM_SETTINGS: TPlatformSettings = { platformName: 'Assay', defaultTokenExpiryDays: 90 };
