import type { Db } from '../../db/client';
import type { Prisma } from '../../generated/prisma/client';
import type { TAuditFilter } from '../../schemas/audit';

/** Translates the audit filters into a where clause; an organization is named by slug or id. */
export async function auditWhere(prisma: Db, f: TAuditFilter): Promise<Prisma.AuditEventWhereInput> {
  const where: Prisma.AuditEventWhereInput = {};
  if (f.action) {
    where.action = f.action.endsWith('*') ? { startsWith: f.action.slice(0, -1) } : f.action;
  }
  if (f.actor) where.actorLabel = { contains: f.actor, mode: 'insensitive' };
  if (f.organization) {
    const org = await prisma.organization.findFirst({
      where: { OR: [{ slug: f.organization.toLowerCase() }, { id: f.organization }] },
      select: { id: true },
    });
    // The trail outlives deleted organizations, so an unknown value is still tried as an id.
    where.organizationId = org?.id ?? f.organization;
  }
  if (f.objectType) where.objectType = f.objectType;
  if (f.objectId) where.objectId = f.objectId;
  if (f.from || f.to) where.createdAt = { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lte: f.to } : {}) };
  return where;
}

export interface AuditEventView {
  id: string;
  createdAt: string;
  actorType: string;
  actorLabel: string;
  actorUserId: string | null;
  actorTokenId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  organizationId: string | null;
  sourceIp: string | null;
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
}

type AuditRow = Awaited<ReturnType<Db['auditEvent']['findFirstOrThrow']>>;

// BigInt ids become strings: JSON has no 64-bit integers.
export function toAuditView(e: AuditRow): AuditEventView {
  return {
    id: e.id.toString(),
    createdAt: e.createdAt.toISOString(),
    actorType: e.actorType,
    actorLabel: e.actorLabel,
    actorUserId: e.actorUserId,
    actorTokenId: e.actorTokenId,
    action: e.action,
    objectType: e.objectType,
    objectId: e.objectId,
    organizationId: e.organizationId,
    sourceIp: e.sourceIp,
    before: e.before,
    after: e.after,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}
