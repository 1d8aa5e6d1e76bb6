import { db } from '../../db/client';
import type { Actor } from '../../auth/actor';
import { authorize } from '../../auth/authorize';
import { pageArgs, toPage, type TPagination } from '../../api/pagination';
import { getOrganizationForActor } from '../organizations/get-organization';
import { toPublicStatus } from '../submissions/status-machine';
import { presentProduct } from './get-product';

export interface ListProductsOptions {
  actor: Actor;
  vendor: string;
  pagination: TPagination;
}

/** A vendor's products, newest first, each with its latest submission's status. */
export async function listProducts({ actor, vendor, pagination }: ListProductsOptions) {
  const organization = await getOrganizationForActor({ actor, slug: vendor, permission: 'products.read' });
  const where = { organizationId: organization.id };
  const [rows, total] = await Promise.all([
    db().product.findMany({
      where,
      orderBy: { createdAt: 'desc' },
      ...pageArgs(pagination),
      include: {
        _count: { select: { submissions: true } },
        submissions: { orderBy: { createdAt: 'desc' }, take: 1, select: { id: true, status: true, createdAt: true } },
      },
    }),
    db().product.count({ where }),
  ]);
  const items = rows.map((p) => ({
    ...presentProduct(p),
    submissionCount: p._count.submissions,
    latestSubmission: p.submissions[0] ? { id: p.submissions[0].id, status: toPublicStatus(p.submissions[0].status), createdAt: p.submissions[0].createdAt } : null,
  }));
  const on = { organizationId: organization.id };
  return {
    vendor: { slug: organization.slug, name: organization.name },
    can: { writeProducts: authorize(actor, 'products.write', on), submit: authorize(actor, 'submissions.write', on) },
    ...toPage(items, total, pagination),
  };
}
