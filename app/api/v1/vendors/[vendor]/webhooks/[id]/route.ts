import { apiHandler } from '@/lib/api/handler';
import { deleteWebhook } from '@/lib/server/webhooks/delete-webhook';

type Params = { vendor: string; id: string };

export const DELETE = apiHandler<Params>(async ({ actor, sourceIp, params }) => deleteWebhook({ actor, sourceIp, slug: params.vendor, webhookId: params.id }));
