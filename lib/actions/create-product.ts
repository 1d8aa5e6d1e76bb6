'use server';

import { redirect } from 'next/navigation';
import { createProduct } from '../server/products/create-product';
import { formToObject, runAction, type ActionState } from './run-action';

export async function createProductAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const { vendor, ...input } = formToObject(form);
  let created: { slug: string } | undefined;
  const state = await runAction(async ({ actor, sourceIp }) => {
    created = await createProduct({ actor, sourceIp, vendor: String(vendor), input });
    return undefined;
  });
  if (created) redirect(`/vendors/${String(vendor)}/products/${created.slug}`);
  return state;
}
