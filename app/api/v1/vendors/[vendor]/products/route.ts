import { NextResponse } from 'next/server';
import { apiHandler, parseQuery } from '@/lib/api/handler';
import { ZPaginationSchema } from '@/lib/api/pagination';
import { createProduct } from '@/lib/server/products/create-product';
import { listProducts } from '@/lib/server/products/list-products';

type Params = { vendor: string };

export const GET = apiHandler<Params>(async ({ actor, params, searchParams }) =>
  listProducts({ actor, vendor: params.vendor, pagination: parseQuery(searchParams, ZPaginationSchema) }),
);

export const POST = apiHandler<Params>(async ({ actor, sourceIp, params, request }) => {
  const body = await request.json().catch(() => undefined);
  return NextResponse.json(await createProduct({ actor, sourceIp, vendor: params.vendor, input: body }), { status: 201 });
});
