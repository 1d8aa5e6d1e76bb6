import { db } from '../../db/client';
import { fromZodError } from '../../errors';
import { recordAudit } from '../../audit/record';
import type { Actor } from '../../auth/actor';
import { ZUpdateProductSchema } from '../../schemas/product';
import { getProductForActor, presentProduct } from './get-product';

export interface UpdateProductOptions {
  actor: Actor;
  sourceIp: string | null;
  vendor: string;
  product: string;
  input: unknown;
}

// The slug is the product's address (URLs, API clients, `assay submit --product`): it does not change.
export async function updateProduct({ actor, sourceIp, vendor, product: slug, input }: UpdateProductOptions) {
  const { organization, product } = await getProductForActor({ actor, vendor, product: slug, permission: 'products.write' });
  const parsed = ZUpdateProductSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const changes = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
  const before = Object.fromEntries(Object.keys(changes).map((k) => [k, product[k as keyof typeof product]]));
  return db().$transaction(async (tx) => {
    const updated = await tx.product.update({ where: { id: product.id }, data: changes });
    await recordAudit(tx, { actor, action: 'product.update', objectType: 'product', objectId: product.id, organizationId: organization.id, sourceIp, before, after: changes });
    return presentProduct(updated);
  });
}
