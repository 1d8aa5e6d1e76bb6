import { apiHandler } from '@/lib/api/handler';
import { listWebhookDeliveries } from '@/lib/server/webhooks/list-webhooks';

type Params = { vendor: string };

export const GET = apiHandler<Params>(async ({ actor, params, searchParams }) => ({
  items: await listWebhookDeliveries({ actor, slug: params.vendor, webhookId: searchParams.get('webhook') ?? undefined }),
}));
