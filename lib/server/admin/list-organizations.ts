import { db } from '../../db/client';
import type { Actor } from '../../auth/actor';
import { assertAuthorized } from '../../auth/authorize';
import { pageArgs, toPage, type Page } from '../../api/pagination';
import type { Prisma } from '../../generated/prisma/client';
import { ZListOrganizationsQuerySchema } from '../../schemas/admin';

export interface ListOrganizationsOptions {
  actor: Actor;
  query: unknown;
}

export interface AdminOrganizationRow {
  id: string;
  slug: string;
  name: string;
  website: string | null;
  verified: boolean;
  verifiedAt: string | null;
  memberCount: number;
  createdAt: string;
}

export async function listOrganizations({ actor, query }: ListOrganizationsOptions): Promise<Page<AdminOrganizationRow>> {
  assertAuthorized(actor, 'organizations.list');
  const q = ZListOrganizationsQuerySchema.parse(query);
  const where: Prisma.OrganizationWhereInput = {
    ...(q.verified === undefined ? {} : { verified: q.verified }),
    ...(q.q
      ? { OR: [{ slug: { contains: q.q, mode: 'insensitive' } }, { name: { contains: q.q, mode: 'insensitive' } }] }
      : {}),
  };
  const prisma = db();
  const [rows, total] = await Promise.all([
    prisma.organization.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      ...pageArgs(q),
      include: { _count: { select: { memberships: true } } },
    }),
    prisma.organization.count({ where }),
  ]);
  return toPage(
    rows.map((o) => ({
      id: o.id,
      slug: o.slug,
      name: o.name,
      website: o.website,
      verified: o.verified,
      verifiedAt: o.verifiedAt?.toISOString() ?? null,
      memberCount: o._count.memberships,
      createdAt: o.createdAt.toISOString(),
    })),
    total,
    q,
  );
}
