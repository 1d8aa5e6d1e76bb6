import { db } from '../../db/client';
import type { Actor } from '../../auth/actor';
import { assertAuthorized } from '../../auth/authorize';
import { pageArgs, toPage, type Page } from '../../api/pagination';
import type { Prisma } from '../../generated/prisma/client';
import { AppError } from '../../errors';
import { ZListOutboxQuerySchema } from '../../schemas/admin';

export interface OutboxRow {
  id: string;
  to: string;
  subject: string;
  createdAt: string;
  sentAt: string | null;
  error: string | null;
}

export interface OutboxEmailDetail extends OutboxRow {
  text: string;
}

/** Mail the platform sent or queued, newest first: without SMTP this is how emailed links arrive. */
export async function listOutbox({ actor, query }: { actor: Actor; query: unknown }): Promise<Page<OutboxRow>> {
  assertAuthorized(actor, 'outbox.read');
  const q = ZListOutboxQuerySchema.parse(query);
  const where: Prisma.OutboxEmailWhereInput = q.q
    ? { OR: [{ to: { contains: q.q, mode: 'insensitive' } }, { subject: { contains: q.q, mode: 'insensitive' } }] }
    : {};
  const prisma = db();
  const [rows, total] = await Promise.all([
    prisma.outboxEmail.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], ...pageArgs(q) }),
    prisma.outboxEmail.count({ where }),
  ]);
  return toPage(rows.map(toRow), total, q);
}

export async function getOutboxEmailOrThrow({ actor, id }: { actor: Actor; id: string }): Promise<OutboxEmailDetail> {
  assertAuthorized(actor, 'outbox.read');
  const row = await db().outboxEmail.findUnique({ where: { id } });
  if (!row) throw new AppError('NOT_FOUND', 'No such email.');
  return { ...toRow(row), text: row.text };
}

function toRow(r: { id: string; to: string; subject: string; createdAt: Date; sentAt: Date | null; error: string | null }): OutboxRow {
  return { id: r.id, to: r.to, subject: r.subject, createdAt: r.createdAt.toISOString(), sentAt: r.sentAt?.toISOString() ?? null, error: r.error };
}
