import { db } from '../../db/client';
import type { Actor } from '../../auth/actor';
import { assertAuthorized } from '../../auth/authorize';
import { recordAudit } from '../../audit/record';
import type { Prisma } from '../../generated/prisma/client';
import { DEFAULT_PLATFORM_SETTINGS, ZPlatformSettingsSchema, type TPlatformSettings } from '../../schemas/settings';

const KEYS = Object.keys(DEFAULT_PLATFORM_SETTINGS) as (keyof TPlatformSettings)[];

/**
 * The platform settings, with defaults for what was never saved. Public: the header shows the
 * platform name to everyone. A stored value that no longer validates falls back to its default.
 */
export async function getPlatformSettings(): Promise<TPlatformSettings> {
  const rows = await db().setting.findMany({ where: { key: { in: KEYS } } });
  const stored = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  const out = { ...DEFAULT_PLATFORM_SETTINGS };
  for (const key of KEYS) {
    const parsed = ZPlatformSettingsSchema.shape[key].safeParse(stored[key]);
    if (parsed.success) (out as Record<string, unknown>)[key] = parsed.data;
  }
  return out;
}

export interface UpdatePlatformSettingsOptions {
  actor: Actor;
  sourceIp: string | null;
  input: unknown;
}

export async function updatePlatformSettings({ actor, sourceIp, input }: UpdatePlatformSettingsOptions): Promise<TPlatformSettings> {
  assertAuthorized(actor, 'settings.write');
  const next = ZPlatformSettingsSchema.parse(input);
  const before = await getPlatformSettings();
  const changed = KEYS.filter((k) => before[k] !== next[k]);
  if (changed.length === 0) return before;
  await db().$transaction(async (tx) => {
    for (const key of changed) {
      const value = next[key] as Prisma.InputJsonValue;
      await tx.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
    }
    await recordAudit(tx, {
      actor,
      action: 'settings.update',
      objectType: 'settings',
      objectId: 'platform',
      sourceIp,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, next[k]])),
    });
  });
  return next;
}
