import { db } from '../../db/client';
import type { Actor } from '../../auth/actor';
import { assertAuthorized } from '../../auth/authorize';
import { pageArgs, toPage, type Page } from '../../api/pagination';
import type { Prisma } from '../../generated/prisma/client';
import { ZListUsersQuerySchema } from '../../schemas/admin';

export interface ListUsersOptions {
  actor: Actor;
  query: unknown;
}

export interface AdminUserRow {
  id: string;
  email: string;
  name: string;
  platformRole: 'user' | 'reviewer' | 'admin';
  disabled: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  organizations: { slug: string; role: 'owner' | 'member' }[];
}

export async function listUsers({ actor, query }: ListUsersOptions): Promise<Page<AdminUserRow>> {
  assertAuthorized(actor, 'users.read');
  const q = ZListUsersQuerySchema.parse(query);
  const where: Prisma.UserWhereInput = {
    ...(q.role ? { platformRole: q.role } : {}),
    ...(q.q
      ? { OR: [{ email: { contains: q.q, mode: 'insensitive' } }, { name: { contains: q.q, mode: 'insensitive' } }] }
      : {}),
  };
  const prisma = db();
  const [rows, total] = await Promise.all([
    prisma.user.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      ...pageArgs(q),
      include: { memberships: { select: { role: true, organization: { select: { slug: true } } } } },
    }),
    prisma.user.count({ where }),
  ]);
  return toPage(
    rows.map((u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      platformRole: u.platformRole,
      disabled: u.disabledAt !== null,
      lockedUntil: u.lockedUntil && u.lockedUntil > new Date() ? u.lockedUntil.toISOString() : null,
      lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
      createdAt: u.createdAt.toISOString(),
      organizations: u.memberships.map((m) => ({ slug: m.organization.slug, role: m.role })),
    })),
    total,
    q,
  );
}
