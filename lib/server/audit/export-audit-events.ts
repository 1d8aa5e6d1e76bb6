import { db } from '../../db/client';
import type { Actor } from '../../auth/actor';
import { assertAuthorized } from '../../auth/authorize';
import { ZAuditFilterSchema } from '../../schemas/audit';
import { auditWhere, toAuditView } from './audit-filter';

export interface ExportAuditEventsOptions {
  actor: Actor;
  query: unknown;
  batchSize?: number;
}

/**
 * The filtered audit log as JSON lines, oldest first, read in batches by id so memory stays flat
 * however long the trail is. Authorization and validation happen before the first line.
 */
export async function exportAuditEvents({ actor, query, batchSize = 500 }: ExportAuditEventsOptions): Promise<AsyncGenerator<string>> {
  assertAuthorized(actor, 'audit.read');
  const filter = ZAuditFilterSchema.parse(query);
  const prisma = db();
  const where = await auditWhere(prisma, filter);
  return (async function* lines() {
    let cursor: bigint | undefined;
    for (;;) {
      const rows = await prisma.auditEvent.findMany({
        where: cursor === undefined ? where : { AND: [where, { id: { gt: cursor } }] },
        orderBy: { id: 'asc' },
        take: batchSize,
      });
      if (rows.length === 0) return;
      yield rows.map((r) => JSON.stringify(toAuditView(r)) + '\n').join('');
      cursor = rows[rows.length - 1]!.id;
    }
  })();
}

/** A byte stream for a Response body. */
export function toByteStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
