import { apiHandler } from '@/lib/api/handler';
import { requestReview } from '@/lib/server/submissions/request-review';

type Params = { id: string };

export const POST = apiHandler<Params>(async ({ actor, sourceIp, params, request }) =>
  requestReview({ actor, sourceIp, id: params.id, input: await request.json().catch(() => ({})) }),
);
