import { NextResponse } from 'next/server';
import { apiHandler } from '@/lib/api/handler';
import { AppError } from '@/lib/errors';
import { createWebhook } from '@/lib/server/webhooks/create-webhook';
import { listWebhooks } from '@/lib/server/webhooks/list-webhooks';

type Params = { vendor: string };

export const GET = apiHandler<Params>(async ({ actor, params }) => ({ items: await listWebhooks({ actor, slug: params.vendor }) }));

// The response carries the signing secret once; it is never returned again.
export const POST = apiHandler<Params>(async ({ actor, sourceIp, params, request }) => {
  const body = await request.json().catch(() => {
    throw new AppError('BAD_REQUEST', 'The request body must be JSON: { "url", "events"? }.');
  });
  const webhook = await createWebhook({ actor, sourceIp, slug: params.vendor, input: body });
  return NextResponse.json(webhook, { status: 201 });
});
