import { db } from '../../db/client';
import type { Actor } from '../../auth/actor';
import { assertAuthorized } from '../../auth/authorize';
import { pageArgs, toPage, type Page } from '../../api/pagination';
import { ZAuditQuerySchema } from '../../schemas/audit';
import { auditWhere, toAuditView, type AuditEventView } from './audit-filter';

export interface ListAuditEventsOptions {
  actor: Actor;
  query: unknown;
}

/** The audit log, newest first, filtered and paginated. */
export async function listAuditEvents({ actor, query }: ListAuditEventsOptions): Promise<Page<AuditEventView>> {
  assertAuthorized(actor, 'audit.read');
  const q = ZAuditQuerySchema.parse(query);
  const prisma = db();
  const where = await auditWhere(prisma, q);
  const [rows, total] = await Promise.all([
    prisma.auditEvent.findMany({ where, orderBy: { id: 'desc' }, ...pageArgs(q) }),
    prisma.auditEvent.count({ where }),
  ]);
  return toPage(rows.map(toAuditView), total, q);
}
