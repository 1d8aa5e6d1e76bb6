import { db } from '../../db/client';
import { fromZodError } from '../../errors';
import type { Actor } from '../../auth/actor';
import { pageArgs, toPage, type TPagination } from '../../api/pagination';
import { ZSubmissionListQuerySchema } from '../../schemas/submission';
import { getProductForActor } from '../products/get-product';
import { SUBMISSION_FIELDS, presentSubmission } from './present-submission';
import { readableSubmissionsWhere } from './submission-scope';
import { toDbStatus } from './status-machine';

export interface ListProductSubmissionsOptions {
  actor: Actor;
  vendor: string;
  product: string;
  pagination: TPagination;
  query?: unknown;
}

/** A product's submissions, newest first. */
export async function listProductSubmissions({ actor, vendor, product: slug, pagination, query = {} }: ListProductSubmissionsOptions) {
  const { product } = await getProductForActor({ actor, vendor, product: slug, permission: 'submissions.read' });
  const parsed = ZSubmissionListQuerySchema.safeParse(query);
  if (!parsed.success) throw fromZodError(parsed.error);
  const where = {
    AND: [{ productId: product.id }, readableSubmissionsWhere(actor), parsed.data.status ? { status: toDbStatus(parsed.data.status) } : {}],
  };
  const [rows, total] = await Promise.all([
    db().submission.findMany({ where, orderBy: { createdAt: 'desc' }, ...pageArgs(pagination), select: SUBMISSION_FIELDS }),
    db().submission.count({ where }),
  ]);
  return toPage(rows.map(presentSubmission), total, pagination);
}
