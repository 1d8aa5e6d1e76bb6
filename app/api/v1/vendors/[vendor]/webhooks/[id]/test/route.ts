import { NextResponse } from 'next/server';
import { apiHandler } from '@/lib/api/handler';
import { sendTestWebhook } from '@/lib/server/webhooks/send-test-webhook';

type Params = { vendor: string; id: string };

export const POST = apiHandler<Params>(async ({ actor, sourceIp, params }) =>
  NextResponse.json(await sendTestWebhook({ actor, sourceIp, slug: params.vendor, webhookId: params.id }), { status: 202 }),
);
