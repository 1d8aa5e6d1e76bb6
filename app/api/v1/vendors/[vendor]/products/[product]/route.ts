import { apiHandler } from '@/lib/api/handler';
import { getProduct } from '@/lib/server/products/get-product';
import { updateProduct } from '@/lib/server/products/update-product';

type Params = { vendor: string; product: string };

export const GET = apiHandler<Params>(async ({ actor, params }) => getProduct({ actor, vendor: params.vendor, product: params.product }));

export const PATCH = apiHandler<Params>(async ({ actor, sourceIp, params, request }) => {
  const body = await request.json().catch(() => undefined);
  await updateProduct({ actor, sourceIp, vendor: params.vendor, product: params.product, input: body });
  return getProduct({ actor, vendor: params.vendor, product: params.product });
});
