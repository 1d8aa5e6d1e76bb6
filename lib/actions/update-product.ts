'use server';

import { revalidatePath } from 'next/cache';
import { updateProduct } from '../server/products/update-product';
import { formToObject, runAction, type ActionState } from './run-action';

export async function updateProductAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const { vendor, product, ...input } = formToObject(form);
  return runAction(async ({ actor, sourceIp }) => {
    await updateProduct({ actor, sourceIp, vendor: String(vendor), product: String(product), input });
    revalidatePath(`/vendors/${String(vendor)}/products/${String(product)}`);
    return undefined;
  }, 'Product saved.');
}
