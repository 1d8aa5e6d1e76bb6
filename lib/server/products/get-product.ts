import { db } from '../../db/client';
import { AppError } from '../../errors';
import type { Actor } from '../../auth/actor';
import type { Permission } from '../../auth/permissions';
import { getOrganizationForActor } from '../organizations/get-organization';

export interface GetProductOptions {
  actor: Actor;
  vendor: string;
  product: string;
  permission?: Extract<Permission, 'products.read' | 'products.write' | 'submissions.read' | 'submissions.write'>;
}

export const PRODUCT_FIELDS = {
  id: true,
  organizationId: true,
  slug: true,
  name: true,
  description: true,
  categories: true,
  repository: true,
  supportUrl: true,
  documentationUrl: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** A product by vendor and product slug; 404 for anyone who may not see the vendor's products. */
export async function getProductForActor({ actor, vendor, product, permission = 'products.read' }: GetProductOptions) {
  const organization = await getOrganizationForActor({ actor, slug: vendor, permission });
  const slug = typeof product === 'string' ? product.toLowerCase() : '';
  const found = await db().product.findUnique({
    where: { organizationId_slug: { organizationId: organization.id, slug } },
    select: PRODUCT_FIELDS,
  });
  if (!found) throw new AppError('NOT_FOUND', 'No such product.');
  return { organization, product: found };
}

/** The product as the API and pages show it. */
export async function getProduct(opts: Omit<GetProductOptions, 'permission'>) {
  const { organization, product } = await getProductForActor(opts);
  return { ...presentProduct(product), vendor: { slug: organization.slug, name: organization.name } };
}

export function presentProduct(p: { id: string; slug: string; name: string; description: string; categories: string[]; repository: string; supportUrl: string | null; documentationUrl: string | null; createdAt: Date; updatedAt: Date }) {
  return {
    id: p.id,
    slug: p.slug,
    name: p.name,
    description: p.description,
    categories: p.categories,
    repository: p.repository,
    supportUrl: p.supportUrl,
    documentationUrl: p.documentationUrl,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
