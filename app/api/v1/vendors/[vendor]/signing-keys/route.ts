import { NextResponse } from 'next/server';
import { apiHandler } from '@/lib/api/handler';
import { AppError } from '@/lib/errors';
import { addSigningKey } from '@/lib/server/signing-keys/add-signing-key';
import { listSigningKeys } from '@/lib/server/signing-keys/list-signing-keys';

type Params = { vendor: string };

export const GET = apiHandler<Params>(async ({ actor, params }) => ({ items: await listSigningKeys({ actor, slug: params.vendor }) }));

export const POST = apiHandler<Params>(async ({ actor, sourceIp, params, request }) => {
  const body = await request.json().catch(() => {
    throw new AppError('BAD_REQUEST', 'The request body must be JSON: { "name", "publicKey", "encoding"? }.');
  });
  const key = await addSigningKey({ actor, sourceIp, slug: params.vendor, input: body });
  return NextResponse.json(key, { status: 201 });
});
