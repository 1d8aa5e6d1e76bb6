import { db } from '../../db/client';
import type { Actor } from '../../auth/actor';

/** The organizations the signed-in user belongs to, with their role. */
export async function listMyOrganizations({ actor }: { actor: Actor }) {
  if (actor.kind !== 'user') return [];
  const memberships = await db().membership.findMany({
    where: { userId: actor.userId },
    orderBy: { createdAt: 'asc' },
    select: {
      role: true,
      organization: { select: { id: true, slug: true, name: true, verified: true, _count: { select: { memberships: true } } } },
    },
  });
  return memberships.map((m) => ({
    id: m.organization.id,
    slug: m.organization.slug,
    name: m.organization.name,
    verified: m.organization.verified,
    memberCount: m.organization._count.memberships,
    role: m.role,
  }));
}
