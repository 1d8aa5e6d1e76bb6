import { db } from '../../db/client';
import type { Actor } from '../../auth/actor';
import { assertAuthorized } from '../../auth/authorize';

export interface AdminOverview {
  users: { total: number; admins: number; reviewers: number; disabled: number };
  organizations: { total: number; verified: number };
  outbox: { total: number; failed: number };
  audit: { total: number; lastAt: string | null };
}

export async function getAdminOverview({ actor }: { actor: Actor }): Promise<AdminOverview> {
  assertAuthorized(actor, 'users.read');
  const prisma = db();
  const [users, admins, reviewers, disabled, orgs, verified, outbox, failed, audit, last] = await Promise.all([
    prisma.user.count(),
    prisma.user.count({ where: { platformRole: 'admin', disabledAt: null } }),
    prisma.user.count({ where: { platformRole: 'reviewer', disabledAt: null } }),
    prisma.user.count({ where: { disabledAt: { not: null } } }),
    prisma.organization.count(),
    prisma.organization.count({ where: { verified: true } }),
    prisma.outboxEmail.count(),
    prisma.outboxEmail.count({ where: { error: { not: null } } }),
    prisma.auditEvent.count(),
    prisma.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { createdAt: true } }),
  ]);
  return {
    users: { total: users, admins, reviewers, disabled },
    organizations: { total: orgs, verified },
    outbox: { total: outbox, failed },
    audit: { total: audit, lastAt: last?.createdAt.toISOString() ?? null },
  };
}
