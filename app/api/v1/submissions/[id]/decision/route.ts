import { apiHandler } from '@/lib/api/handler';
import { decideSubmission } from '@/lib/server/reviews/decide-submission';

type Params = { id: string };

// POST {decision: approve|request-changes|reject, reason} — approval also publishes and certifies.
export const POST = apiHandler<Params>(async ({ actor, sourceIp, params, request }) =>
  decideSubmission({ actor, sourceIp, id: params.id, input: await request.json().catch(() => ({})) }),
);
