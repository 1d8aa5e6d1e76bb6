import { db } from '../../db/client';
import { fromZodError } from '../../errors';
import { recordAudit } from '../../audit/record';
import type { Actor } from '../../auth/actor';
import { ZOrganizationProfileSchema } from '../../schemas/organization';
import { getOrganizationForActor } from './get-organization';

export interface UpdateOrganizationOptions {
  actor: Actor;
  sourceIp: string | null;
  slug: string;
  input: unknown;
}

// The vendor's own profile fields; the verified flag belongs to admins (lib/server/admin).
export async function updateOrganization({ actor, sourceIp, slug, input }: UpdateOrganizationOptions) {
  const organization = await getOrganizationForActor({ actor, slug, permission: 'organization.update' });
  const parsed = ZOrganizationProfileSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const changes = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
  const before = Object.fromEntries(Object.keys(changes).map((k) => [k, organization[k as keyof typeof organization]]));
  return db().$transaction(async (tx) => {
    const updated = await tx.organization.update({ where: { id: organization.id }, data: changes });
    await recordAudit(tx, { actor, action: 'organization.update', objectType: 'organization', objectId: organization.id, organizationId: organization.id, sourceIp, before, after: changes });
    return updated;
  });
}
