import { db } from '../../db/client';
import type { Actor } from '../../auth/actor';
import { getOrganizationForActor } from '../organizations/get-organization';

export type ApiTokenState = 'active' | 'expired' | 'revoked';

export async function listApiTokens({ actor, slug, now = new Date() }: { actor: Actor; slug: string; now?: Date }) {
  const organization = await getOrganizationForActor({ actor, slug, permission: 'tokens.read' });
  const rows = await db().apiToken.findMany({
    where: { organizationId: organization.id },
    orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
    select: {
      id: true,
      name: true,
      prefix: true,
      scopes: true,
      createdAt: true,
      lastUsedAt: true,
      expiresAt: true,
      revokedAt: true,
      createdBy: { select: { email: true } },
    },
  });
  return rows.map((r) => ({
    ...r,
    state: (r.revokedAt ? 'revoked' : r.expiresAt && r.expiresAt <= now ? 'expired' : 'active') as ApiTokenState,
  }));
}
