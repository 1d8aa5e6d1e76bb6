import { db } from '../../db/client';
import type { Actor } from '../../auth/actor';
import { ZPaginationSchema, pageArgs, toPage } from '../../api/pagination';
import { fromZodError } from '../../errors';
import { getOrganizationForActor } from '../organizations/get-organization';

export interface ListMembersOptions {
  actor: Actor;
  slug: string;
  query?: unknown;
}

export async function listMembers({ actor, slug, query = {} }: ListMembersOptions) {
  const organization = await getOrganizationForActor({ actor, slug, permission: 'members.read' });
  const parsed = ZPaginationSchema.safeParse(query);
  if (!parsed.success) throw fromZodError(parsed.error);
  const where = { organizationId: organization.id };
  const [rows, total] = await Promise.all([
    db().membership.findMany({
      where,
      orderBy: [{ role: 'asc' }, { createdAt: 'asc' }],
      ...pageArgs(parsed.data),
      select: { id: true, role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
    }),
    db().membership.count({ where }),
  ]);
  return toPage(
    rows.map((m) => ({ id: m.id, role: m.role, joinedAt: m.createdAt, user: m.user })),
    total,
    parsed.data,
  );
}
