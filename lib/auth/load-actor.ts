import type { Db } from '../db/client';
import type { Actor } from './actor';
import { isOrganizationPermission, type Permission } from './permissions';
import { hashToken, looksLikeToken } from './tokens';

export async function loadUserActor(prisma: Db, userId: string): Promise<Actor | null> {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    include: { memberships: { select: { organizationId: true, role: true } } },
  });
  if (!user || user.disabledAt) return null;
  return {
    kind: 'user',
    userId: user.id,
    email: user.email,
    name: user.name,
    platformRole: user.platformRole,
    memberships: user.memberships,
  };
}

/** The actor behind an `Authorization: Bearer assay_…` token, or null when invalid, expired or revoked. */
export async function loadTokenActor(prisma: Db, token: string, now = new Date()): Promise<Actor | null> {
  if (!looksLikeToken(token)) return null;
  const row = await prisma.apiToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  // A token never outlives its creator's right to act for the organization.
  const creator = await prisma.membership.findUnique({
    where: { userId_organizationId: { userId: row.createdById, organizationId: row.organizationId } },
    include: { user: { select: { disabledAt: true } } },
  });
  if (!creator || creator.user.disabledAt) return null;
  await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  return {
    kind: 'token',
    tokenId: row.id,
    organizationId: row.organizationId,
    name: row.name,
    createdById: row.createdById,
    scopes: row.scopes.filter(isOrganizationPermission) as Permission[],
  };
}
