import type { Prisma } from '../../generated/prisma/client';
import { db } from '../../db/client';
import { fromZodError } from '../../errors';
import type { Actor } from '../../auth/actor';
import { assertAuthorized } from '../../auth/authorize';
import { ZPaginationSchema, pageArgs, toPage } from '../../api/pagination';
import { ZReviewQueueQuerySchema } from '../../schemas/review';
import { toDbStatus, toPublicStatus } from '../submissions/status-machine';

const DAY = 86_400_000;

/**
 * The reviewers' queue: submissions waiting for a decision (or failed / sent back, on request),
 * oldest first, filterable by vendor, age and a failing check. Reviewers and admins only.
 */
export async function listReviewQueue({ actor, query, now = new Date() }: { actor: Actor; query: unknown; now?: Date }) {
  assertAuthorized(actor, 'reviews.read');
  const parsed = ZReviewQueueQuerySchema.and(ZPaginationSchema).safeParse(query ?? {});
  if (!parsed.success) throw fromZodError(parsed.error);
  const q = parsed.data;
  const where: Prisma.SubmissionWhereInput = {
    status: toDbStatus(q.status ?? 'awaiting-review'),
    ...(q.vendor ? { organization: { slug: q.vendor } } : {}),
    ...(q.minAgeDays !== undefined ? { createdAt: { lte: new Date(now.getTime() - q.minAgeDays * DAY) } } : {}),
    ...(q.failingCheck ? { checkResults: { some: { checkId: q.failingCheck, status: { in: ['failed', 'error'] } } } } : {}),
  };
  const [rows, total] = await Promise.all([
    db().submission.findMany({
      where,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      ...pageArgs(q),
      select: {
        id: true,
        reference: true,
        digest: true,
        status: true,
        verdict: true,
        grade: true,
        createdAt: true,
        justification: true,
        product: { select: { slug: true, name: true } },
        organization: { select: { slug: true, name: true } },
        checkResults: { where: { status: { in: ['failed', 'error'] }, required: true }, select: { checkId: true, waiverId: true } },
      },
    }),
    db().submission.count({ where }),
  ]);
  return toPage(
    rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      digest: r.digest,
      status: toPublicStatus(r.status),
      verdict: r.verdict ? r.verdict.replace(/_/g, '-') : null,
      grade: r.grade,
      vendor: r.organization,
      product: r.product,
      submittedAt: r.createdAt,
      waitingDays: Math.floor((now.getTime() - r.createdAt.getTime()) / DAY),
      failingChecks: r.checkResults.filter((c) => !c.waiverId).map((c) => c.checkId),
      links: { page: `/review/${r.id}`, self: `/api/v1/submissions/${r.id}` },
    })),
    total,
    q,
  );
}
