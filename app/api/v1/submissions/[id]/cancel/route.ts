import { apiHandler } from '@/lib/api/handler';
import { cancelSubmission } from '@/lib/server/submissions/cancel-submission';

type Params = { id: string };

export const POST = apiHandler<Params>(async ({ actor, sourceIp, params, request }) =>
  cancelSubmission({ actor, sourceIp, id: params.id, input: await request.json().catch(() => ({})) }),
);
