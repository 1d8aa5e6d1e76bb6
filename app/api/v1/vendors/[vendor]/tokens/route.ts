import { NextResponse } from 'next/server';
import { apiHandler } from '@/lib/api/handler';
import { AppError } from '@/lib/errors';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { listApiTokens } from '@/lib/server/tokens/list-api-tokens';

type Params = { vendor: string };

export const GET = apiHandler<Params>(async ({ actor, params }) => ({ items: await listApiTokens({ actor, slug: params.vendor }) }));

// The response carries the token secret: the only time it is ever shown.
export const POST = apiHandler<Params>(async ({ actor, sourceIp, params, request }) => {
  const body = await request.json().catch(() => {
    throw new AppError('BAD_REQUEST', 'The request body must be JSON.');
  });
  const created = await createApiToken({ actor, sourceIp, slug: params.vendor, input: body });
  return NextResponse.json(created, { status: 201, headers: { 'Cache-Control': 'no-store' } });
});
