import { db } from '../../db/client';
import { AppError, fromZodError } from '../../errors';
import { recordAudit } from '../../audit/record';
import type { Actor } from '../../auth/actor';
import { ZCreateProductSchema } from '../../schemas/product';
import { getOrganizationForActor } from '../organizations/get-organization';
import { presentProduct } from './get-product';

export interface CreateProductOptions {
  actor: Actor;
  sourceIp: string | null;
  vendor: string;
  input: unknown;
}

export async function createProduct({ actor, sourceIp, vendor, input }: CreateProductOptions) {
  const organization = await getOrganizationForActor({ actor, slug: vendor, permission: 'products.write' });
  const parsed = ZCreateProductSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  try {
    return await db().$transaction(async (tx) => {
      const product = await tx.product.create({ data: { ...parsed.data, organizationId: organization.id } });
      await recordAudit(tx, {
        actor,
        action: 'product.create',
        objectType: 'product',
        objectId: product.id,
        organizationId: organization.id,
        sourceIp,
        after: { slug: product.slug, name: product.name, repository: product.repository },
      });
      return presentProduct(product);
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') {
      throw new AppError('CONFLICT', `${organization.name} already has a product named "${parsed.data.slug}".`, {
        details: { issues: [{ field: 'slug', message: 'This URL name is taken in your organization' }] },
      });
    }
    throw error;
  }
}
